package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedTextTests {

    @Test
    void plainStripsTagsDecodesEntitiesAndCollapsesWhitespace() {
        String html = "<p>Caf&eacute; <b>opens</b>   &amp; <i>closes</i>&#8230;</p>\n\n"
                + "  <ul><li>first&nbsp;item</li>\n<li>&lt;second&gt;</li></ul>\t<br/>done ";

        assertThat(FeedText.plain(html)).isEqualTo("Café opens & closes… first item <second> done");
    }

    @Test
    void plainDropsScriptAndStyleContent() {
        assertThat(FeedText.plain("<style>p{color:red}</style><p>Visible</p><script>alert('x')</script>"))
                .isEqualTo("Visible");
    }

    @Test
    void plainKeepsAlreadyPlainText() {
        assertThat(FeedText.plain("Just words, nothing else.")).isEqualTo("Just words, nothing else.");
    }

    @Test
    void plainOfNullOrEmptyMarkupIsNull() {
        assertThat(FeedText.plain(null)).isNull();
        assertThat(FeedText.plain("")).isNull();
        assertThat(FeedText.plain("<p> </p>\n<br>")).isNull();
    }

    @Test
    void firstSentencesReturnsExactlyTheFirstTwo() {
        String text = "The council approved the budget. Spending rises by four percent! Will taxes follow? Nobody knows.";

        assertThat(FeedText.firstSentences(text, 2))
                .isEqualTo("The council approved the budget. Spending rises by four percent!");
        assertThat(FeedText.firstSentences(text, 1)).isEqualTo("The council approved the budget.");
    }

    @Test
    void firstSentencesOfShorterTextIsTheWholeText() {
        assertThat(FeedText.firstSentences("Only one sentence here.", 2)).isEqualTo("Only one sentence here.");
        assertThat(FeedText.firstSentences("No full stop at all", 2)).isEqualTo("No full stop at all");
    }

    @Test
    void firstSentencesOfNullIsNull() {
        assertThat(FeedText.firstSentences(null, 2)).isNull();
    }

    @Test
    void firstSentencesCapsVeryLongSentencesAt600Characters() {
        String longSentence = "word ".repeat(300).strip() + ".";

        String picked = FeedText.firstSentences(longSentence, 1);

        assertThat(picked).hasSizeLessThanOrEqualTo(600).endsWith("…");
        assertThat(longSentence).startsWith(picked.substring(0, picked.length() - 1));
    }
}
