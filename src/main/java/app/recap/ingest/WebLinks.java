package app.recap.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The links an HTTP response's {@code Link} headers declare (RFC 8288), by relation: how a WebSub publisher names
 * its hub and the feed's canonical URL ({@code Link: <https://hub.example/>; rel="hub", <https://blog.example/feed>;
 * rel="self"}), which WebSub's discovery reads before the feed's own {@code <link>} elements. A malformed
 * link-value is skipped, never the whole header.
 */
record WebLinks(Map<String, String> byRelation) {

    static final WebLinks NONE = new WebLinks(Map.of());

    /** The first target of each relation, in header order; relation types compare case-insensitively. */
    static WebLinks parse(List<String> headerValues) {
        Map<String, String> links = new LinkedHashMap<>();
        for (String header : headerValues) {
            for (String value : linkValues(header)) {
                int open = value.indexOf('<');
                int close = value.indexOf('>', open + 1);
                if (open != 0 || close < 0) {
                    continue;
                }
                String target = value.substring(1, close).strip();
                String rel = parameter(value.substring(close + 1), "rel");
                if (target.isEmpty() || rel == null) {
                    continue;
                }
                for (String type : rel.strip().split("\\s+")) {
                    if (!type.isEmpty()) {
                        links.putIfAbsent(type.toLowerCase(Locale.ROOT), target);
                    }
                }
            }
        }
        return links.isEmpty() ? NONE : new WebLinks(Map.copyOf(links));
    }

    Optional<String> first(String relation) {
        return Optional.ofNullable(byRelation.get(relation.toLowerCase(Locale.ROOT)));
    }

    /** Splits a header at the commas between link-values: not those inside {@code <...>} or a quoted string. */
    private static List<String> linkValues(String header) {
        List<String> values = new ArrayList<>();
        boolean inTarget = false;
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (inTarget) {
                inTarget = c != '>';
            } else if (c == '<') {
                inTarget = true;
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                values.add(header.substring(start, i).strip());
                start = i + 1;
            }
        }
        values.add(header.substring(start).strip());
        return values;
    }

    /** The value of the first parameter of that name ({@code ; rel="hub"} or {@code ; rel=hub}), or null. */
    private static String parameter(String parameters, String name) {
        int i = 0;
        while (i < parameters.length()) {
            int semicolon = parameters.indexOf(';', i);
            if (semicolon < 0) {
                return null;
            }
            int equals = parameters.indexOf('=', semicolon);
            int next = parameters.indexOf(';', semicolon + 1);
            if (equals < 0 || (next >= 0 && next < equals)) {
                i = semicolon + 1; // a parameter without a value
                continue;
            }
            String key = parameters.substring(semicolon + 1, equals).strip();
            int valueStart = equals + 1;
            while (valueStart < parameters.length() && parameters.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value;
            int end;
            if (valueStart < parameters.length() && parameters.charAt(valueStart) == '"') {
                StringBuilder unquoted = new StringBuilder();
                end = valueStart + 1;
                while (end < parameters.length() && parameters.charAt(end) != '"') {
                    if (parameters.charAt(end) == '\\' && end + 1 < parameters.length()) {
                        end++;
                    }
                    unquoted.append(parameters.charAt(end++));
                }
                value = unquoted.toString();
                end++;
            } else {
                end = parameters.indexOf(';', valueStart);
                end = end < 0 ? parameters.length() : end;
                value = parameters.substring(valueStart, end).strip();
            }
            if (key.equalsIgnoreCase(name)) {
                return value;
            }
            i = end;
        }
        return null;
    }
}
