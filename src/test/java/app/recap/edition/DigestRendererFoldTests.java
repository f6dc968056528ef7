package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class DigestRendererFoldTests {

    private static final int MAX = 240;

    @Test
    void noLineIsLongerThanTheMaximumWhenSpacesExist() {
        String html = "<html>\n<body>\n<p style=\"margin:0 0 12px 0; font-family: Georgia, serif\">"
                + "Recap collects the week's stories and ranks them for every audience. ".repeat(30)
                + "</p>\n<table role=\"presentation\"><tr><td>" + "cell text ".repeat(60) + "</td></tr></table>\n</body>\n</html>";

        String folded = DigestRenderer.foldLongLines(html, MAX);

        assertThat(lines(folded)).hasSizeGreaterThan(lines(html).size())
                .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(MAX));
    }

    @Test
    void textIsPreservedWhenNewlinesTurnBackIntoSpaces() {
        String html = "<p>" + "alpha beta  gamma\tdelta ".repeat(40) + "</p>\n<div>" + "word ".repeat(100) + "</div>";

        String folded = DigestRenderer.foldLongLines(html, MAX);

        assertThat(folded.replace('\n', ' ')).isEqualTo(html.replace('\n', ' '));
        assertThat(folded.length()).isEqualTo(html.length());
    }

    @Test
    void shortLinesAreUntouched() {
        String html = "<html>\n  <body>\n\n    <p>Hello</p>\n  </body>\n</html>\n";

        assertThat(DigestRenderer.foldLongLines(html, MAX)).isEqualTo(html);
    }

    @Test
    void lineWithoutSpacesIsLeftWhole() {
        String token = "x".repeat(MAX * 2);
        String html = "<p>short</p>\n" + token + "\n<p>end</p>";

        assertThat(DigestRenderer.foldLongLines(html, MAX)).isEqualTo(html);
    }

    @Test
    void longUnbreakableWordIsCutAtTheNextSpaceAfterIt() {
        String url = "https://news.example/" + "a".repeat(MAX + 50);
        String html = "href=\"" + url + "\" title=\"Read more\">" + " and some trailing text".repeat(3);

        String folded = DigestRenderer.foldLongLines(html, MAX);

        assertThat(lines(folded)).first().isEqualTo("href=\"" + url + "\"");
        assertThat(folded.replace('\n', ' ')).isEqualTo(html);
        assertThat(lines(folded).subList(1, lines(folded).size()))
                .allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(MAX));
    }

    @Test
    void lineOfExactlyTheMaximumIsNotFolded() {
        String line = ("abcd ".repeat(MAX / 5)).substring(0, MAX - 1) + "z";
        assertThat(line).hasSize(MAX);

        assertThat(DigestRenderer.foldLongLines(line, MAX)).isEqualTo(line);
    }

    private static List<String> lines(String text) {
        return Arrays.asList(text.split("\n", -1));
    }
}
