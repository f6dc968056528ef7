package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class PlainTextWrapperTests {

    private static final int WIDTH = 78;
    private static final String PARAGRAPH = "Recap collects the week's most important stories from every feed you "
            + "follow, removes the duplicates, ranks what is left for each audience and sends one calm email on "
            + "Monday morning instead of a stream of notifications that nobody has the time to read properly.";
    private static final String URL = "https://news.example/stories/2026/11/23/a-very-long-slug-that-keeps-going-and-"
            + "going-until-it-is-wider-than-the-column?id=42";

    @Test
    void noLineIsLongerThanTheWidth() {
        String wrapped = PlainTextWrapper.wrap(PARAGRAPH + "\n\n" + PARAGRAPH, WIDTH);

        assertThat(lines(wrapped)).hasSizeGreaterThan(4).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(WIDTH));
        assertThat(words(wrapped)).isEqualTo(words(PARAGRAPH + " " + PARAGRAPH));
    }

    @Test
    void fillsLinesGreedily() {
        List<String> lines = lines(PlainTextWrapper.wrap(PARAGRAPH, WIDTH));

        for (int i = 0; i < lines.size() - 1; i++) {
            String nextWord = lines.get(i + 1).strip().split(" ")[0];
            assertThat(lines.get(i).length() + 1 + nextWord.length()).as("line %d could have held '%s'", i, nextWord)
                    .isGreaterThan(WIDTH);
        }
    }

    @Test
    void wordLongerThanTheWidthStaysWholeOnItsOwnLine() {
        assertThat(URL.length()).isGreaterThan(WIDTH);
        String text = "Read the full story at " + URL + " before the end of the week, or ask the editors for a copy.";

        List<String> lines = lines(PlainTextWrapper.wrap(text, WIDTH));

        assertThat(lines).contains(URL);
        assertThat(lines).filteredOn(l -> l.length() > WIDTH).containsExactly(URL);
        assertThat(words(String.join("\n", lines))).isEqualTo(words(text));
    }

    @Test
    void indentationIsPreservedOnContinuationLines() {
        String text = "    " + PARAGRAPH;

        List<String> lines = lines(PlainTextWrapper.wrap(text, WIDTH));

        assertThat(lines).hasSizeGreaterThan(1)
                .allSatisfy(l -> assertThat(l).startsWith("    ").doesNotStartWith("     "))
                .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(WIDTH));
        assertThat(words(String.join("\n", lines))).isEqualTo(words(text));
    }

    @Test
    void bulletsGetAHangingIndent() {
        String text = "  - " + PARAGRAPH;

        List<String> lines = lines(PlainTextWrapper.wrap(text, WIDTH));

        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines.get(0)).startsWith("  - Recap collects");
        assertThat(lines.subList(1, lines.size()))
                .allSatisfy(l -> assertThat(l).startsWith("    ").matches("^ {4}\\S.*"));
        assertThat(lines).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(WIDTH));
        assertThat(words(String.join("\n", lines))).isEqualTo(words(text));
    }

    @Test
    void asteriskBulletsGetAHangingIndentToo() {
        List<String> lines = lines(PlainTextWrapper.wrap("* " + PARAGRAPH, WIDTH));

        assertThat(lines.get(0)).startsWith("* Recap");
        assertThat(lines.subList(1, lines.size())).isNotEmpty().allSatisfy(l -> assertThat(l).matches("^ {2}\\S.*"));
    }

    @Test
    void shortLinesAreUntouched() {
        String text = "Hello Ada,\n\n  - First story\n  - Second story\n\n    indented note\n"
                + "x".repeat(WIDTH) + "\n\nBye";

        assertThat(PlainTextWrapper.wrap(text, WIDTH)).isEqualTo(text);
    }

    @Test
    void trailingWhitespaceIsRemoved() {
        assertThat(PlainTextWrapper.wrap("Hello   \nWorld\t\r\n", WIDTH)).isEqualTo("Hello\nWorld\n");
    }

    @Test
    void wrappingNeverLosesOrReordersWords() {
        String text = "Subject line\n\n" + PARAGRAPH + "\n  - " + PARAGRAPH + "\n    " + URL + " " + PARAGRAPH
                + "\n\n* " + PARAGRAPH + "\n";

        String wrapped = PlainTextWrapper.wrap(text, WIDTH);

        assertThat(words(wrapped)).isEqualTo(words(text));
        assertThat(wrapped).endsWith("\n");
        assertThat(lines(wrapped)).filteredOn(l -> l.length() > WIDTH).allSatisfy(l -> assertThat(l.strip()).isEqualTo(URL));
    }

    @Test
    void wrappingIsIdempotent() {
        String text = PARAGRAPH + "\n  - " + PARAGRAPH + "\n    " + PARAGRAPH;

        String once = PlainTextWrapper.wrap(text, WIDTH);

        assertThat(PlainTextWrapper.wrap(once, WIDTH)).isEqualTo(once);
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void aLineExactlyAsWideAsTheLimitIsKeptAsWritten() {
        String line = "Two  spaces after the first word, " + "x".repeat(WIDTH - 34);

        assertThat(line).hasSize(WIDTH);
        assertThat(PlainTextWrapper.wrap(line, WIDTH)).isEqualTo(line);
    }

    @Test
    void aWordEndingExactlyAtTheLimitStaysOnTheLine() {
        String first = "a".repeat(WIDTH - 5) + " four";

        assertThat(PlainTextWrapper.wrap(first + " next", WIDTH)).isEqualTo(first + "\nnext");
    }

    @Test
    void wrapsRandomTextExactlyAsTheRegexVersionDid() {
        java.util.Random random = new java.util.Random(14);
        String[] pieces = {"a", "word", "longerword", " ", "  ", "\t", "\r", "\n", "- ", "* ", "\u2028", "\u0085",
                "\u2029", "https://example.com/a/very/long/path/that/does/not/fit/on/one/line/at/all/" + "x".repeat(20)};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(60); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            int width = 10 + random.nextInt(70);
            assertThat(PlainTextWrapper.wrap(text.toString(), width)).as("%s at %d", text, width)
                    .isEqualTo(RegexWrapper.wrap(text.toString(), width));
        }
    }

    @Test
    void stripsTrailingBlanksAsTheRegexDoes() {
        for (String line : List.of("", " ", "a", "a ", "a \t\r", "a \u2028", "a\u2028 ", "a \u2028\u2028", "a\r\u2029",
                " \u0085", "\u2028", "a b  c \t")) {
            assertThat(PlainTextWrapper.stripTrailing(line)).as("[%s]", line)
                    .isEqualTo(line.replaceAll("[ \\t\\r]+$", ""));
        }
    }

    /** The wrapper as it was, with a regex per line: the reference the faster one must equal. */
    private static final class RegexWrapper {

        static String wrap(String text, int width) {
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                wrapLine(line.replaceAll("[ \\t\\r]+$", ""), width, out);
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
            int lineStart = out.length();
            out.append(" ".repeat(indent));
            int column = indent;
            boolean first = true;
            for (String word : line.substring(indent).split(" +")) {
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
    }
}
