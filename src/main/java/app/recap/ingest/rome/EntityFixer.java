package app.recap.ingest.rome;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

import com.rometools.rome.io.impl.XmlFixerReader;

/**
 * What Rome's {@link XmlFixerReader} makes of a feed's text (leading whitespace and comments dropped, HTML entities
 * such as {@code &nbsp;} turned into character references, a bare {@code &} outside CDATA escaped), computed over
 * the string in one pass. Rome's reader hands out one character per virtual call through a synchronised buffer,
 * which made it 15% of the ingest threads' CPU, more than the XML parse it prepares; the output is tested equal to
 * Rome's on fixtures and random documents ({@code EntityFixerTests}), quirks included.
 */
final class EntityFixer {

    /** Rome's table of HTML entities and their references, read once from Rome itself so the two cannot drift. */
    private static final Map<String, String> CODED = codedEntities();

    private EntityFixer() {
    }

    static String fix(String text) {
        StringBuilder out = new StringBuilder(text.length() + 64);
        int i = trimmed(text, out);
        if (i < 0) {
            return "";
        }
        int n = text.length();
        boolean cdata = false;
        while (i < n) {
            char c = text.charAt(i++);
            if (c == '&') {
                int start = i - 1;
                while (i < n && isEntityChar(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) == ';') {
                    i++;
                    String entity = text.substring(start, i);
                    String coded = CODED.get(entity);
                    out.append(coded != null ? coded : entity);
                } else {
                    // no ';' after the name: Rome escapes the '&' (outside CDATA) and passes the next character on
                    // untouched, whatever it is
                    out.append('&');
                    if (!cdata) {
                        out.append("amp;");
                    }
                    out.append(text, start + 1, i);
                    if (i < n) {
                        out.append(text.charAt(i++));
                    }
                }
            } else if (c == '<') {
                // a tag's start up to a space, '>' or '/', passed on as it is; "<![CDATA[" opens a CDATA section
                int start = i - 1;
                while (i < n) {
                    char t = text.charAt(i++);
                    if (t == ' ' || t == '>' || t == '/') {
                        break;
                    }
                    if (t == '[' && i - start == 9 && text.startsWith("<![CDATA[", start)) {
                        cdata = true;
                        break;
                    }
                }
                out.append(text, start, i);
            } else if (c == ']' && cdata) {
                // the ']'s that follow, then one more character; "]]>" exactly ends the section
                int start = i - 1;
                while (i < n && text.charAt(i) == ']') {
                    i++;
                }
                if (i < n) {
                    i++;
                }
                if (i - start == 3 && text.startsWith("]]>", start)) {
                    cdata = false;
                }
                out.append(text, start, i);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isEntityChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '#' || c >= '0' && c <= '9';
    }

    /**
     * Skips the leading whitespace and comments, appending what Rome passes on untouched where the content starts
     * (the characters it looked at to decide); returns where entity fixing resumes, or -1 for a text of nothing else.
     */
    private static int trimmed(String text, StringBuilder out) {
        int n = text.length();
        int i = 0;
        while (true) {
            while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\n' || text.charAt(i) == '\r'
                    || text.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return -1;
            }
            int start = i;
            // "<!--" opens a comment to skip; at the first character that differs, content starts after it
            String comment = "<!--";
            int k = 0;
            while (k < comment.length()) {
                if (i >= n) {
                    out.append(text, start, n);
                    return n;
                }
                if (text.charAt(i++) != comment.charAt(k++)) {
                    out.append(text, start, i);
                    return i;
                }
            }
            // the comment ends at "-->", where the dashes are counted from the last character that was no dash
            // and a third dash starts the count again (Rome's states, "--->" included)
            int dashes = 0;
            boolean closed = false;
            while (i < n) {
                char c = text.charAt(i++);
                if (dashes == 2 && c == '>') {
                    closed = true;
                    break;
                }
                dashes = c == '-' && dashes < 2 ? dashes + 1 : 0;
            }
            if (!closed) {
                out.append(text, start, n);
                return n;
            }
        }
    }

    private static Map<String, String> codedEntities() {
        try {
            // Rome keeps its table private; reading it keeps the two from drifting apart
            java.lang.reflect.Field table = XmlFixerReader.class.getDeclaredField("CODED_ENTITIES");
            table.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, String> coded = (Map<String, String>) table.get(null);
            return Map.copyOf(new HashMap<>(coded));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Rome's XmlFixerReader has no CODED_ENTITIES table any more", e);
        }
    }

    /** Rome's own output, for the table and for tests. */
    static String rome(String text) {
        try (XmlFixerReader reader = new XmlFixerReader(new StringReader(text))) {
            StringBuilder out = new StringBuilder(text.length());
            int c;
            while ((c = reader.read()) >= 0) {
                out.append((char) c);
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
