package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SimpleHtmlTests {

    private static final List<String> TAGS = List.of("p", "div", "span", "b", "strong", "i", "em", "a", "ul", "ol",
            "li", "h2", "h3", "blockquote", "code", "small", "sub", "q", "br", "section", "img", "pre", "table", "td",
            "P", "font", "u", "cite");
    private static final List<String> TEXTS = List.of("a", "b", "word", " ", "  ", "\n", "\t", "\r\n", ".", ",",
            "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy;", "&amp", ">", "\"", "'", "é", "—", "&#39;", "x y", "&", "& ", "a && b", "&\n", "&\f");

    @Test
    void aBenchLikeSummaryIsReadWithoutJsoupAndComesOutAsThroughIt() {
        String html = "<p>The <b>company</b> said the release improves latency.</p>"
                + "<p>More details follow in the <a href=\"https://bench.example/more\">full report</a>, soon.</p>";

        assertThat(SimpleHtml.text(html)).isNotNull().isEqualTo(FeedText.jsoupText(html))
                .isEqualTo("The company said the release improves latency. More details follow in the full report, "
                        + "soon.");
    }

    @Test
    void whatJsoupWouldRearrangeIsLeftToJsoup() {
        assertThat(SimpleHtml.text("<p>one<p>two")).isNull();
        assertThat(SimpleHtml.text("<p>one<div>two</div></p>")).isNull();
        assertThat(SimpleHtml.text("<b><i>x</b></i>")).isNull();
        assertThat(SimpleHtml.text("<script>x</script>")).isNull();
        assertThat(SimpleHtml.text("caf&eacute;")).isNull();
        assertThat(SimpleHtml.text("<!-- c --><p>x</p>")).isNull();
    }

    /**
     * Random fragments of tags (simple and not), attributes, texts and entities, nested right and wrong: every one
     * the simple reader accepts reads exactly as jsoup's parse, clean and text; and it accepts a fair share of them.
     */
    @Test
    void everyFragmentTheSimpleReaderAcceptsReadsAsThroughJsoup() {
        Random random = new Random(14);
        int accepted = 0;
        int total = 30_000;
        for (int round = 0; round < total; round++) {
            String html = fragment(random);
            String simple = SimpleHtml.text(html);
            if (simple != null) {
                accepted++;
                assertThat(simple).as("text of %s", html).isEqualTo(FeedText.jsoupText(html));
            }
        }
        assertThat(accepted).isGreaterThan(total / 5);
    }

    private static String fragment(Random random) {
        StringBuilder html = new StringBuilder();
        Deque<String> open = new ArrayDeque<>();
        int tokens = 1 + random.nextInt(12);
        for (int t = 0; t < tokens; t++) {
            int pick = random.nextInt(10);
            if (pick < 4) {
                html.append(TEXTS.get(random.nextInt(TEXTS.size())));
                if (random.nextBoolean()) {
                    html.append(TEXTS.get(random.nextInt(TEXTS.size())));
                }
            } else if (pick < 7) {
                String tag = random.nextInt(4) == 0 ? TAGS.get(random.nextInt(TAGS.size()))
                        : TAGS.get(random.nextInt(14));
                html.append('<').append(tag);
                switch (random.nextInt(6)) {
                    case 0 -> html.append(" href=\"https://x.example/?a=1\"");
                    case 1 -> html.append(" class=\"c\" title=\"t\"");
                    case 2 -> html.append(' ');
                    case 3 -> html.append(tag.equals("br") ? "/" : "");
                    default -> {
                    }
                }
                html.append('>');
                if (!tag.equals("br") && !tag.equals("img")) {
                    open.push(tag);
                }
            } else if (!open.isEmpty()) {
                String tag = random.nextInt(6) == 0 ? TAGS.get(random.nextInt(TAGS.size())) : open.pop();
                html.append("</").append(tag).append('>');
            }
        }
        while (!open.isEmpty() && random.nextInt(8) != 0) {
            html.append("</").append(open.pop()).append('>');
        }
        return html.toString();
    }
}
