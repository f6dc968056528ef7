package app.recap.ingest.jsonfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;

class JsonFeedParserTests {

    private final JsonFeedParser parser = new JsonFeedParser();

    @Test
    void readsTheSpecsMinimalJsonFeed11() throws Exception {
        ParsedFeed feed = parse("jsonfeed11-spec-minimal.json");

        assertThat(feed.title()).isEqualTo("My Example Feed");
        assertThat(feed.link()).isEqualTo("https://example.org/");
        assertThat(feed.items()).extracting(ParsedItem::guid).containsExactly("2", "1");
        assertThat(feed.items()).extracting(ParsedItem::link)
                .containsExactly("https://example.org/second-item", "https://example.org/initial-post");
        assertThat(feed.items()).extracting(ParsedItem::title).containsOnlyNulls();
        assertThat(feed.items()).extracting(ParsedItem::description)
                .containsExactly("This is a second item.", "<p>Hello, world!</p>");
        assertThat(feed.warnings()).isEmpty();
    }

    @Test
    void readsTheSpecsJsonFeed10PodcastPreferringTheSummary() throws Exception {
        ParsedFeed feed = parse("jsonfeed10-spec-podcast.json");

        assertThat(feed.title()).isEqualTo("The Record");
        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.guid()).isEqualTo("http://therecord.co/chris-parrish");
            assertThat(item.title()).isEqualTo("Special #1 - Chris Parrish");
            assertThat(item.description()).isEqualTo("Brent interviews Chris Parrish, co-host of The Record and "
                    + "one-half of Aged &amp; Distilled.");
            assertThat(item.publishedAt()).isEqualTo(Instant.parse("2014-05-09T21:04:00Z"));
            assertThat(item.enrichment()).isNull();
        });
        assertThat(feed.warnings()).isEmpty();
    }

    @Test
    void readsTheSpecsMicroblogWithAuthorsAndHubs() throws Exception {
        ParsedFeed feed = parse("jsonfeed11-spec-microblog.json");

        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.link()).isEqualTo("https://example.org/2347259");
            assertThat(item.description()).startsWith("Cats are neat.");
            assertThat(item.publishedAt()).isEqualTo(Instant.parse("2016-02-09T21:22:00Z"));
        });
    }

    @Test
    void readsTheQuirksRealJsonFeedsHave() throws Exception {
        ParsedFeed feed = parse("jsonfeed-quirks.json");

        assertThat(feed.items()).hasSize(5);
        ParsedItem noLink = feed.items().get(0);
        assertThat(noLink.guid()).isEqualTo("1001");
        assertThat(noLink.link()).isNull();
        ParsedItem idIsLink = feed.items().get(1);
        assertThat(idIsLink.link()).isEqualTo("https://quirky.example/posts/id-is-the-link");
        assertThat(idIsLink.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        ParsedItem htmlOnly = feed.items().get(2);
        assertThat(htmlOnly.link()).isEqualTo("/posts/relative?utm_source=jsonfeed");
        assertThat(htmlOnly.description()).isEqualTo("<p>Only <b>HTML</b> here &amp; nothing else.</p>");
        assertThat(htmlOnly.publishedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        ParsedItem linkPost = feed.items().get(3);
        assertThat(linkPost.link()).isEqualTo("https://elsewhere.example/linked-article");
        assertThat(linkPost.description()).isEqualTo("Plain text with &lt;angle brackets&gt; &amp; an ampersand.");
        assertThat(linkPost.publishedAt()).isEqualTo(Instant.parse("2026-11-23T06:00:00Z"));
        assertThat(feed.items().get(4).publishedAt()).isNull();
        assertThat(feed.warnings()).containsExactly(
                "the JSON Feed's items: 1 of 6 was not a JSON object and was left out",
                "1 item's date names no time zone and was read as UTC",
                "1 item's date is not RFC 3339 and was ignored");
    }

    @Test
    void readsEnrichmentFromTheRecapExtensionObject() throws Exception {
        ParsedFeed feed = parse("jsonfeed11-enriched.json");

        ParsedItem.Enrichment enrichment = feed.items().get(0).enrichment();
        assertThat(enrichment.tldr()).isEqualTo("Patch Widget Server now: 4.2 fixes a remote code execution flaw.");
        assertThat(enrichment.whyItMatters()).isEqualTo("Unpatched servers can be taken over from the network.");
        assertThat(enrichment.whatToDoNext()).isEqualTo("Upgrade to 4.2 this week.");
        assertThat(enrichment.takeaways()).containsExactly("The flaw is rated critical.", "Version 4.2 is the fix.");
        assertThat(enrichment.audiences()).containsExactly(
                new ParsedItem.Enrichment.Audience("Enterprise & Security Teams", 0.9),
                new ParsedItem.Enrichment.Audience("Platform Engineers", 0.4));
        assertThat(enrichment.importance()).isEqualTo(0.82);
        assertThat(feed.items().get(1).enrichment()).as("only values of the wrong type").isNull();
    }

    @Test
    void refusesJsonThatIsNotAJsonFeed() {
        assertThatThrownBy(() -> parser.parse("{\"name\": \"package.json\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParseException.class).hasMessageStartingWith("the document is JSON but not a JSON Feed");
        assertThatThrownBy(() -> parser.parse("[1, 2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParseException.class).hasMessageStartingWith("the document is JSON but not a JSON Feed");
        assertThatThrownBy(() -> parser.parse("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [}"
                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParseException.class).hasMessageStartingWith("the document is not valid JSON");
    }

    @Test
    void refusesDeeplyNestedJson() {
        String deep = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [{\"_recap\": "
                + "[".repeat(5000) + "]".repeat(5000) + "}]}";

        assertThatThrownBy(() -> parser.parse(deep.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(FeedParseException.class).hasMessageStartingWith("refused");
    }

    @Test
    void readsAFeedFollowedByJunkAndAFeedWithoutAVersion() throws Exception {
        String junk = "\uFEFF{\"title\": \"No version\", \"items\": [{\"id\": \"a\", \"url\": \"https://x.example/a\"}]}"
                + "<!-- cache: hit --><script>x()</script>";

        ParsedFeed feed = parser.parse(junk.getBytes(StandardCharsets.UTF_8));

        assertThat(JsonFeedParser.looksLikeJson(junk.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(feed.items()).extracting(ParsedItem::link).containsExactly("https://x.example/a");
        assertThat(feed.warnings()).containsExactly(
                "the JSON Feed is followed by other content, which Recap dropped",
                "the JSON Feed names no version of https://jsonfeed.org/version/, so it was read as 1.1");
    }

    private ParsedFeed parse(String fixture) throws FeedParseException {
        try (InputStream in = JsonFeedParserTests.class.getResourceAsStream("/feeds/" + fixture)) {
            assertThat(in).as("fixture /feeds/%s", fixture).isNotNull();
            return parser.parse(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
