package app.recap.ingest.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import app.recap.ingest.ParsedItem;
import app.recap.mailbox.InboundMail;

/**
 * Newsletters written like the ones people get (Substack, Mailchimp, ConvertKit layouts) read into items: the
 * essay as one item with its view-online link, each digest as one item per article with the right title and
 * summary, and none of the footer, sharing or social links.
 */
class NewsletterReaderTests {

    static final String TRACKER = "https://t.tracker.example";
    static final List<String> TRACKERS = List.of("t.tracker.example");

    final List<String> asked = new ArrayList<>();
    final Map<String, String> redirects = Map.of(
            TRACKER + "/redirect/2/eyJlIjoiaHR0cHM6Ly9haXdlZWtseS5zdWJzdGFjay5jb20vcC93aHktYmVuY2htYXJrLXNjb3JlcyIsInAiOjE1MDEyfQ.Zq9",
            "https://aiweekly.substack.com/p/why-benchmark-scores?utm_source=substack&utm_medium=email",
            TRACKER + "/track/click?u=5d1f0a&id=11aa&e=9c8d7e", "https://www.codebench.example/news/open-weights-tops",
            TRACKER + "/track/click?u=5d1f0a&id=22bb&e=9c8d7e", "https://digital-strategy.example.eu/code-of-practice",
            TRACKER + "/track/click?u=5d1f0a&id=33cc&e=9c8d7e", "https://research.example.org/papers/sparse-attention");
    final UnaryOperator<String> resolve = link -> {
        asked.add(link);
        return redirects.get(link);
    };

    @Test
    void aSubstackEssayIsOneStoryAtItsViewOnlineLink() {
        InboundMail mail = NewsletterFixtures.mail("substack-essay.eml", TRACKER);
        NewsletterReader.Reading reading = read(mail);

        assertThat(reading.kind()).isEqualTo(NewsletterReader.Kind.ESSAY);
        assertThat(reading.items()).singleElement().satisfies(item -> {
            assertThat(item.link()).startsWith("https://aiweekly.substack.com/p/why-benchmark-scores");
            assertThat(item.title()).isEqualTo("Why benchmark scores stopped meaning much");
            assertThat(item.description()).startsWith("For three years, every model launch")
                    .doesNotContain("Contamination, saturation, and the eval we actually need&nbsp;")
                    .doesNotContain("Unsubscribe");
            assertThat(item.publishedAt()).isEqualTo(Instant.parse("2026-11-24T14:03:11Z"));
        });
        // only the view-online link was resolved: not Like, Comment, Restack or READ IN APP
        assertThat(asked).hasSize(1);
    }

    @Test
    void aMailchimpDigestIsOneStoryPerArticleWithTrackersResolvedAndTheFooterDropped() {
        NewsletterReader.Reading reading = read(NewsletterFixtures.mail("mailchimp-digest.eml", TRACKER));

        assertThat(reading.kind()).isEqualTo(NewsletterReader.Kind.DIGEST);
        assertThat(reading.items()).extracting(ParsedItem::link, ParsedItem::title).containsExactly(
                tuple("https://www.codebench.example/news/open-weights-tops", "Open-weights model tops coding benchmark"),
                tuple("https://digital-strategy.example.eu/code-of-practice", "EU publishes the AI Act code of practice"),
                tuple("https://research.example.org/papers/sparse-attention",
                        "Sparse attention halves long-context memory"));
        assertThat(reading.items().get(0).description()).startsWith("A 70-billion-parameter model released");
        assertThat(reading.items().get(1).description()).contains("incident reporting within two weeks");
        // the sponsored link's tracker leads nowhere: left out, and said so
        assertThat(reading.warnings()).anySatisfy(w -> assertThat(w).isEqualTo(
                "1 tracking link could not be resolved and was left out"));
        assertThat(asked).noneMatch(link -> link.contains("id=55ee")); // "Forward to a friend" is never asked
    }

    @Test
    void aConvertKitDigestDecodesItsLinksWithoutARequestAndTakesReadMoreTitlesFromTheHeading() {
        NewsletterReader.Reading reading = read(NewsletterFixtures.mail("convertkit-digest.eml", TRACKER));

        assertThat(reading.kind()).isEqualTo(NewsletterReader.Kind.DIGEST);
        assertThat(reading.items()).extracting(ParsedItem::link, ParsedItem::title).containsExactly(
                tuple("https://www.agentsweekly.example/2026/11/tool-use-evals", "Tool-use evals for agents, done properly"),
                tuple("https://blog.example.ai/posts/distillation-on-a-budget?utm_source=kitnotes&utm_medium=email",
                        "Distillation on a budget"),
                tuple("https://news.example.com/2026/11/25/chip-export-rules", "New chip export rules take effect"),
                tuple("https://www.example.org/reports/state-of-rag-2026",
                        "The state of retrieval-augmented generation, 2026"));
        assertThat(reading.items()).extracting(ParsedItem::description).containsExactly(
                "a benchmark that grades whether an agent called the right tool with the right arguments, not just "
                        + "whether the final answer looks right.",
                "how a four-person team distilled a 7B model into a 1B one that runs on a phone.",
                "what changes for cloud customers outside the US from December.",
                "An annual survey of 400 production RAG systems: hybrid search won, chunk size stopped mattering, and "
                        + "evaluation is still the bottleneck.");
        assertThat(asked).isEmpty();
    }

    @Test
    void withoutResolvingAnEssaysTrackedViewOnlineLinkLeavesNoUsableLink() {
        InboundMail mail = NewsletterFixtures.mail("substack-essay.eml", TRACKER);
        NewsletterReader.Reading reading = NewsletterReader.read(mail.html(), mail.text(), mail.subject(), mail.date(),
                link -> null, TRACKERS);

        assertThat(reading.items()).singleElement().extracting(ParsedItem::link).isNull();
        assertThat(reading.warnings()).contains("an essay issue without a usable view-online link cannot become a story");
    }

    @Test
    void aPlainTextIssueIsReadToo() {
        NewsletterReader.Reading reading = NewsletterReader.read(null, """
                This week's links

                Open models close the gap
                https://news.example.com/open-models

                A new robotics dataset
                https://data.example.org/robots

                How to evaluate retrieval
                https://blog.example.net/eval-retrieval

                Unsubscribe: https://esp.example.com/unsubscribe/abc
                """, "Links", null, resolve, TRACKERS);

        assertThat(reading.kind()).isEqualTo(NewsletterReader.Kind.DIGEST);
        assertThat(reading.items()).extracting(ParsedItem::link).containsExactly("https://news.example.com/open-models",
                "https://data.example.org/robots", "https://blog.example.net/eval-retrieval");
        assertThat(reading.items()).extracting(ParsedItem::title).containsExactly("Open models close the gap",
                "A new robotics dataset", "How to evaluate retrieval");
    }

    private NewsletterReader.Reading read(InboundMail mail) {
        return NewsletterReader.read(mail.html(), mail.text(), mail.subject(), mail.date(), resolve, TRACKERS);
    }
}
