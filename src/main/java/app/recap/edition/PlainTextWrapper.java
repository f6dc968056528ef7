package app.recap.edition;

/**
 * Wraps a plain-text email at a column, keeping each line's indentation (and the hanging indent after a list
 * marker such as "- " or "* ") on its continuation lines. Words longer than the width (URLs) stay whole.
 */
final class PlainTextWrapper {

    private PlainTextWrapper() {
    }

    static String wrap(String text, int width) {
        StringBuilder out = new StringBuilder(text.length() + text.length() / 40);
        for (String line : text.split("\n", -1)) {
            wrapLine(stripTrailing(line), width, out);
            out.append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }

    private static void wrapLine(String line, int width, StringBuilder out) {
        if (line.length() <= width) {
            out.append(line);
            return;
        }
        int indent = 0;
        while (indent < line.length() && line.charAt(indent) == ' ') {
            indent++;
        }
        int hanging = indent;
        if (line.startsWith("- ", indent) || line.startsWith("* ", indent)) {
            hanging += 2;
        }
        String continuation = " ".repeat(hanging);
        int column = 0;
        int lineStart = out.length();
        out.append(" ".repeat(indent));
        column = indent;
        boolean first = true;
        // the words between runs of spaces, walked in place (a regex split per line was a measurable part of
        // rendering every segment)
        int start = indent;
        while (start < line.length()) {
            int end = line.indexOf(' ', start);
            if (end < 0) {
                end = line.length();
            }
            String word = line.substring(start, end);
            start = end;
            while (start < line.length() && line.charAt(start) == ' ') {
                start++;
            }
            if (!first && column + 1 + word.length() > width) {
                out.append('\n').append(continuation);
                column = hanging;
                first = true;
            }
            if (!first) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            first = false;
        }
        if (out.length() == lineStart) {
            out.append(line);
        }
    }

    /**
     * The line without the spaces, tabs and carriage returns it ends with, as {@code replaceAll("[ \\t\\r]+$", "")}
     * gives it (whose {@code $} also matches before a final U+0085, U+2028 or U+2029), without a regex per line.
     */
    static String stripTrailing(String line) {
        int end = line.length();
        char last = end == 0 ? 0 : line.charAt(end - 1);
        int body = last == '\u0085' || last == '\u2028' || last == '\u2029' ? end - 1 : end;
        int kept = body;
        while (kept > 0 && isTrailingBlank(line.charAt(kept - 1))) {
            kept--;
        }
        return kept == body ? line : line.substring(0, kept) + line.substring(body);
    }

    private static boolean isTrailingBlank(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
