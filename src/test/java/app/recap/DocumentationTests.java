package app.recap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} hold together: every relative link and image points at a file that exists (and at
 * a heading of it, for {@code #anchor} links, as GitHub names headings), every page under {@code docs/} is linked
 * from the README, and CI runs the README's test command.
 */
class DocumentationTests {

    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)|<img src=\"([^\"]+)\"");
    private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");
    private static final Pattern CODE = Pattern.compile("`[^`\n]*`");

    @Test
    void everyLinkAndImagePointsAtAFileAndHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(Files.readString(page))) {
                if (target.matches("[a-z]+:.*")) {
                    continue; // http(s) and mailto: not checked here
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(linked)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (anchor != null && !headings(Files.readString(linked)).contains(anchor)) {
                    broken.add(page + ": " + target + " (no such heading in " + linked + ")");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeLinksEveryPageOfTheDocs() throws IOException {
        Set<Path> linked = new HashSet<>();
        for (String target : links(Files.readString(README))) {
            linked.add(Path.of(target.replaceAll("#.*", "")).normalize());
        }
        try (Stream<Path> docs = Files.list(DOCS)) {
            assertThat(docs.filter(p -> p.toString().endsWith(".md")).toList()).allSatisfy(
                    page -> assertThat(linked).as("README links " + page).contains(page));
        }
    }

    @Test
    void ciRunsTheReadmesTestCommand() throws IOException {
        String readme = Files.readString(README);
        Matcher command = Pattern.compile("Run the tests:\\s*```bash\\s*(.+?)\\s*```", Pattern.DOTALL).matcher(readme);
        assertThat(command.find()).as("README has a \"Run the tests\" command").isTrue();
        Matcher ci = Pattern.compile("(?m)^TEST_COMMAND=\"(.+)\"$").matcher(Files.readString(Path.of(".ci", "run")));
        assertThat(ci.find()).as(".ci/run sets TEST_COMMAND").isTrue();
        // -B only makes Maven's output plain for a log
        assertThat(ci.group(1).replace(" -B", "")).as(".ci/run's TEST_COMMAND without -B")
                .isEqualTo(command.group(1));
        assertThat(Files.readString(Path.of(".ci", "run"))).contains("\n$TEST_COMMAND\n");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** Link and image targets outside code (a link's text may hold code, so only code spans are removed). */
    private static List<String> links(String markdown) {
        String text = CODE.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("x");
        List<String> targets = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            targets.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return targets;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> headings(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : FENCE.matcher(markdown).replaceAll("").lines().toList()) {
            if (line.matches("#{1,6} .*")) {
                String slug = line.replaceFirst("#+ ", "").trim().toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }
}
