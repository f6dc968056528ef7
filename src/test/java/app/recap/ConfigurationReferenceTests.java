package app.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Keeps {@code docs/configuration.md} true to {@code application.yml} and the profile files: every {@code recap.*}
 * property has a row with the default exactly as the yml writes it (placeholders resolved, {@code ""} and
 * {@code []} written "empty"), every documented property exists with that default, every profile file's settings
 * are listed with their values, and a value read from an environment variable names that variable in its row.
 */
class ConfigurationReferenceTests {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Path RESOURCES = Path.of("src", "main", "resources");
    private static final String DEFAULTS = "";

    @Test
    void documentsEverySettingOfApplicationYmlAndTheProfilesWithItsDefault() throws IOException {
        Map<String, Map<String, Setting>> settings = new TreeMap<>();
        settings.put(DEFAULTS, Setting.read(Files.newBufferedReader(RESOURCES.resolve("application.yml")), Map.of()));
        try (Stream<Path> files = Files.list(RESOURCES)) {
            for (Path file : files.sorted().toList()) {
                Matcher profile = Pattern.compile("application-(.+)\\.yml").matcher(file.getFileName().toString());
                if (profile.matches()) {
                    settings.put(profile.group(1), Setting.read(Files.newBufferedReader(file), settings.get(DEFAULTS)));
                }
            }
        }

        assertThat(problems(Files.readString(DOC), settings)).as("docs/configuration.md against the yml files")
                .isEmpty();
    }

    @Test
    void namesEverySettingThatIsMissingGoneOrDocumentedWithAnotherValue() {
        Map<String, Setting> defaults = Setting.read(new StringReader("""
                spring:
                  thymeleaf:
                    prefix: classpath:/templates/
                recap:
                  data-dir: ./data
                  same: 1
                  undocumented: 2
                  changed: 0.20
                  secret: ${RECAP_SECRET:}
                  outbox: ${recap.data-dir}/outbox
                  hosts: []
                """), Map.of());
        Map<String, Setting> demo = Setting.read(new StringReader("""
                recap:
                  demo:
                    enabled: true
                    content: classpath:demo.json
                """), defaults);
        String doc = """
                | property | default | meaning |
                |---|---|---|
                | `recap.data-dir` | `./data` | where data lives |
                | `recap.same` | `1` | as in the yml |
                | `recap.changed` | `0.2` | the yml writes 0.20 |
                | `recap.secret` | empty | its variable is not named |
                | `recap.outbox` | `./data/outbox` | placeholder resolved |
                | `recap.hosts` | empty | an empty list |
                | `recap.gone` | `3` | no longer in the yml |
                | `recap.same` | `1` | twice |
                | `spring.thymeleaf.prefix` | `classpath:/templates/` | a Spring property Recap sets |
                | `spring.thymeleaf.cache` | `true` | a Spring property Recap does not set |

                | profile | property | value | why |
                |---|---|---|---|
                | `demo` | `recap.demo.enabled` | `false` | wrong value |
                | `demo` | `recap.demo.extra` | `1` | not in the profile |
                | `nosuch` | `recap.x` | `1` | no such profile |
                """;

        assertThat(problems(doc, Map.of(DEFAULTS, defaults, "demo", demo))).containsExactlyInAnyOrder(
                "recap.undocumented (default `2` in application.yml) is missing",
                "recap.changed is documented with `0.2`, application.yml has `0.20`",
                "recap.secret is read from RECAP_SECRET, which its row does not name",
                "recap.gone is documented but application.yml does not set it",
                "recap.same is documented twice",
                "spring.thymeleaf.cache is documented but application.yml does not set it",
                "profile demo: recap.demo.enabled is documented with `false`, application-demo.yml has `true`",
                "profile demo: recap.demo.extra is documented but application-demo.yml does not set it",
                "profile demo: recap.demo.content (`classpath:demo.json` in application-demo.yml) is missing",
                "profile nosuch is documented but there is no application-nosuch.yml");
    }

    /** What is wrong with the document's property and profile tables, one line per setting. */
    static List<String> problems(String doc, Map<String, Map<String, Setting>> settings) {
        List<String> problems = new ArrayList<>();
        Map<String, Map<String, Row>> documented = new LinkedHashMap<>();
        for (Row row : Row.parse(doc, problems)) {
            Map<String, Row> rows = documented.computeIfAbsent(row.profile(), p -> new LinkedHashMap<>());
            if (rows.putIfAbsent(row.key(), row) != null) {
                problems.add(prefix(row.profile()) + row.key() + " is documented twice");
            }
        }
        for (var profile : documented.entrySet()) {
            Map<String, Setting> set = settings.get(profile.getKey());
            if (set == null) {
                problems.add("profile " + profile.getKey() + " is documented but there is no " + file(profile.getKey()));
                continue;
            }
            for (Row row : profile.getValue().values()) {
                Setting setting = set.get(row.key());
                String where = prefix(row.profile()) + row.key();
                if (setting == null) {
                    problems.add(where + " is documented but " + file(row.profile()) + " does not set it");
                } else if (!setting.value().equals(row.value())) {
                    problems.add(where + " is documented with `" + row.value() + "`, " + file(row.profile()) + " has `"
                            + setting.value() + "`");
                } else {
                    for (String variable : setting.variables()) {
                        if (!row.line().contains(variable)) {
                            problems.add(where + " is read from " + variable + ", which its row does not name");
                        }
                    }
                }
            }
        }
        for (var profile : settings.entrySet()) {
            Map<String, Row> rows = documented.getOrDefault(profile.getKey(), Map.of());
            for (var setting : profile.getValue().entrySet()) {
                boolean mustBeDocumented = !profile.getKey().equals(DEFAULTS) || setting.getKey().startsWith("recap.");
                if (mustBeDocumented && !rows.containsKey(setting.getKey())) {
                    problems.add(prefix(profile.getKey()) + setting.getKey() + " ("
                            + shown(profile.getKey(), setting.getValue().value()) + " in " + file(profile.getKey())
                            + ") is missing");
                }
            }
        }
        return problems;
    }

    private static String prefix(String profile) {
        return profile.equals(DEFAULTS) ? "" : "profile " + profile + ": ";
    }

    private static String file(String profile) {
        return profile.equals(DEFAULTS) ? "application.yml" : "application-" + profile + ".yml";
    }

    private static String shown(String profile, String value) {
        return (profile.equals(DEFAULTS) ? "default " : "") + (value.isEmpty() ? "empty" : "`" + value + "`");
    }

    /**
     * One setting of a yml file: its value as written, placeholders resolved ({@code ${recap.data-dir}} from the
     * same settings or the defaults, {@code ${RECAP_DB_URL:...}} to what follows the colon), and the environment
     * variables it is read from.
     */
    record Setting(String value, Set<String> variables) {

        private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

        static Map<String, Setting> read(Reader yml, Map<String, Setting> defaults) {
            Map<String, String> raw = new LinkedHashMap<>();
            flatten(new Yaml().compose(yml), "", raw);
            Map<String, Setting> settings = new LinkedHashMap<>();
            raw.forEach((key, value) -> {
                Set<String> variables = new LinkedHashSet<>();
                Matcher m = PLACEHOLDER.matcher(value);
                StringBuilder resolved = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    String replacement;
                    if (raw.containsKey(name) || defaults.containsKey(name)) {
                        replacement = raw.containsKey(name) ? raw.get(name) : defaults.get(name).value();
                    } else {
                        variables.add(name);
                        replacement = m.group(2) == null ? "" : m.group(2);
                    }
                    m.appendReplacement(resolved, Matcher.quoteReplacement(replacement));
                }
                m.appendTail(resolved);
                settings.put(key, new Setting(resolved.toString(), variables));
            });
            return settings;
        }

        private static void flatten(Node node, String key, Map<String, String> out) {
            if (node instanceof MappingNode mapping) {
                for (NodeTuple tuple : mapping.getValue()) {
                    String name = ((ScalarNode) tuple.getKeyNode()).getValue();
                    flatten(tuple.getValueNode(), key.isEmpty() ? name : key + "." + name, out);
                }
            } else if (node instanceof SequenceNode sequence) {
                out.put(key, sequence.getValue().stream().map(n -> ((ScalarNode) n).getValue())
                        .collect(Collectors.joining(",")));
            } else if (node instanceof ScalarNode scalar) {
                out.put(key, scalar.getValue());
            }
        }
    }

    /**
     * A row of a {@code | property | default | meaning |} table (profile {@link #DEFAULTS}) or of a
     * {@code | profile | property | value | ... |} table. The value is the cell's first {@code `code`}, or empty
     * when the cell starts with "empty".
     */
    record Row(String profile, String key, String value, String line) {

        private static final Pattern KEY = Pattern.compile("`([a-z][a-z0-9-]*(?:\\.[a-z0-9-]+)+)`");
        private static final Pattern PROFILE = Pattern.compile("`([a-z][a-z0-9-]*)`");
        private static final Pattern VALUE = Pattern.compile("`([^`]*)`.*");

        static List<Row> parse(String doc, List<String> problems) {
            List<Row> rows = new ArrayList<>();
            List<String> header = null;
            for (String line : doc.lines().toList()) {
                if (!line.startsWith("|")) {
                    header = null;
                    continue;
                }
                List<String> cells = cells(line);
                if (header == null) {
                    header = cells.stream().map(String::toLowerCase).toList();
                    continue;
                }
                if (cells.stream().allMatch(c -> c.matches(":?-+:?"))) {
                    continue;
                }
                if (header.size() >= 3 && header.subList(0, 3).equals(List.of("property", "default", "meaning"))) {
                    row(DEFAULTS, cells.get(0), cells.get(1), line, rows, problems);
                } else if (header.size() >= 3 && header.subList(0, 3).equals(List.of("profile", "property", "value"))) {
                    Matcher profile = PROFILE.matcher(cells.get(0));
                    if (profile.find()) {
                        row(profile.group(1), cells.get(1), cells.get(2), line, rows, problems);
                    } else {
                        problems.add("row names no profile: " + line);
                    }
                }
            }
            return rows;
        }

        private static void row(String profile, String keyCell, String valueCell, String line, List<Row> rows,
                List<String> problems) {
            Matcher key = KEY.matcher(keyCell);
            Matcher value = VALUE.matcher(valueCell);
            if (!key.find()) {
                problems.add("row names no property: " + line);
            } else if (valueCell.startsWith("empty")) {
                rows.add(new Row(profile, key.group(1), "", line));
            } else if (value.matches()) {
                rows.add(new Row(profile, key.group(1), value.group(1), line));
            } else {
                problems.add(key.group(1) + ": the value cell starts with neither `a value` nor \"empty\"");
            }
        }

        private static List<String> cells(String line) {
            String[] parts = line.trim().split("(?<!\\\\)\\|", -1);
            List<String> cells = new ArrayList<>();
            for (int i = 1; i < parts.length - 1; i++) {
                cells.add(parts[i].trim().replace("\\|", "|"));
            }
            return cells;
        }
    }
}
