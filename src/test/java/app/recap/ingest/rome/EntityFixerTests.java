package app.recap.ingest.rome;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** {@link EntityFixer} gives exactly what Rome's XmlFixerReader gives, on the feed fixtures and on random text. */
class EntityFixerTests {

    @Test
    void equalsRomeOnEveryFeedFixture() throws IOException {
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/feeds"))) {
            fixtures = files.filter(p -> !p.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(20);
        for (Path fixture : fixtures) {
            String text = new String(Files.readAllBytes(fixture), StandardCharsets.ISO_8859_1);
            assertThat(EntityFixer.fix(text)).as(fixture.toString()).isEqualTo(EntityFixer.rome(text));
        }
    }

    @Test
    void equalsRomeOnTheCasesItTreatsSpecially() {
        for (String text : List.of("", "   \n\t", "<?xml version=\"1.0\"?><rss>a &nbsp; b &amp; c &bogus; d & e</rss>",
                "  <!-- lead --> <!-- two --><rss/>", "<!-- open", "<!-->x-->y<r/>", "<!-- a ---> b --><r/>", "<!x",
                "<!-x", "<", "x&", "&", "&&amp;", "&#160;&#x1F;&;", "<![CDATA[a & b &nbsp; ]]]> still ]]> & out]]>",
                "<r><![CDATA[x]]><![CDATA[&amp]]>&amp</r>", "<a&b>&c", "]]>", "<r>&eacute&eacute;</r>")) {
            assertThat(EntityFixer.fix(text)).as(text).isEqualTo(EntityFixer.rome(text));
        }
    }

    @Test
    void equalsRomeOnRandomText() {
        String[] pieces = {"&", ";", "amp", "nbsp", "#", "x1F", "<", ">", "/", " ", "\n", "!", "-", "--", "[", "]",
            "]]>", "<![CDATA[", "<!--", "-->", "a", "é", "\t", "copy", "&lt;", "&nbsp;", "CDATA", "0"};
        Random random = new Random(14);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = text.toString();
            assertThat(EntityFixer.fix(input)).as(input).isEqualTo(EntityFixer.rome(input));
        }
    }
}
