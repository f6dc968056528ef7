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
        String[] words = line.substring(indent).split(" +");
        out.append(" ".repeat(indent));
        column = indent;
        boolean first = true;
        for (String word : words) {
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

    private static String stripTrailing(String line) {
        return line.replaceAll("[ \\t\\r]+$", "");
    }
}
