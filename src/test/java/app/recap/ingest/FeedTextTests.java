package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

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

    @Test
    void plainRemovesEverythingThatCouldRunTrackOrPhish() {
        String html = "<p onclick=\"alert(1)\">Servers are exposed.</p><style>body{display:none}</style>"
                + "<script src=\"https://evil.example/x.js\"></script><a href=\"javascript:alert(2)\">Read more</a>"
                + "<img src=\"https://tracker.example/pixel.gif\" width=\"1\" height=\"1\">"
                + "<iframe src=\"https://evil.example/frame\">frame text</iframe><svg onload=\"alert(3)\"></svg>"
                + "<form action=\"https://evil.example/\"><input name=\"password\"></form>";

        assertThat(FeedText.plain(html)).isEqualTo("Servers are exposed. Read more");
    }

    @Test
    void plainSanitisesHtmlThatWasEscapedTwice() {
        assertThat(FeedText.plain("&lt;script&gt;alert('x')&lt;/script&gt;Attackers scan for it."))
                .isEqualTo("Attackers scan for it.");
        assertThat(FeedText.plain("&amp;lt;img src=&amp;quot;https://tracker.example/p.gif&amp;quot;&amp;gt;Patch now."))
                .isEqualTo("Patch now.");
    }

    @Test
    void plainDropsInvisibleSpoofingCharacters() {
        assertThat(FeedText.plain("Safe\u202Egnp.exe\u202C name\u200B here\u0007")).isEqualTo("Safe gnp.exe name here");
    }

    @Test
    void plainRepairsMisDecodedUtf8() {
        assertThat(FeedText.plain("<b>Itâ€™s</b> ๐Ÿ’ก time")).isEqualTo("It’s 💡 time");
    }

    @Test
    void aSentenceOfExactly600CharactersIsKeptWhole() {
        String sentence = "word ".repeat(119) + "word.";
        String longer = "word ".repeat(119) + "words.";

        assertThat(sentence).hasSize(600);
        assertThat(FeedText.firstSentences(sentence, 1)).isEqualTo(sentence);
        assertThat(FeedText.firstSentences(longer, 1)).hasSize(600).endsWith("…");
    }

    /**
     * Text without markup skips jsoup; it must come out exactly as it would through jsoup, which the same text
     * inside a {@code <span>} still goes through. Random strings over the characters that matter: whitespace of
     * every kind, controls, mojibake, bidi overrides, and the characters that send text to jsoup after all.
     */
    @Test
    void plainTextWithoutMarkupComesOutAsThroughTheParser() {
        String alphabet = "ab Z9.,;:'\"!?-/()[]{}=#%*+ \t\n\r\f\u000B\u0001\u007F\u0085\u2028\u3000"
                + "éßĀ€’“”…—–€â™\u00A0\u00AD\u200B\u202E\uFEFF😀<&";
        Random random = new Random(14);
        int checked = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.appendCodePoint(alphabet.codePoints().skip(random.nextInt((int) alphabet.codePoints().count()))
                        .findFirst().orElseThrow());
            }
            String plain = text.toString();
            if (plain.indexOf('<') >= 0 || plain.indexOf('&') >= 0) {
                continue;
            }
            checked++;
            assertThat(FeedText.plain(plain)).as("%s", plain.codePoints().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(FeedText.plain("<span>" + plain + "</span>"));
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    @Test
    void collapsingInOnePassEqualsTheTwoRegexReplacements() {
        // every kind of character the two patterns treat differently: spaces, \s controls, other C0/C1 controls,
        // bidi and zero-width characters, their neighbours just outside the ranges, and ordinary text
        String alphabet = " \t\n\u000B\f\r\u0000\u001F\u007F\u0080\u009F\u00A0\u2029\u202A\u202E\u202F\u2065\u2066"
                + "\u2069\u206A\u200B\u200C\uFEFF\uFEFEaZ.é";
        Random random = new Random(14);
        for (int n = 0; n < 50_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = text.toString();
            String expected = FeedText.WHITESPACE.matcher(FeedText.INVISIBLE.matcher(input).replaceAll(" "))
                    .replaceAll(" ");
            assertThat(FeedText.collapsed(input)).as("%s", input.chars().mapToObj(Integer::toHexString).toList())
                    .isEqualTo(expected);
        }
    }
}
