package app.recap.ingest.rome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;

class RomeFeedParserTests {

    private final RomeFeedParser parser = new RomeFeedParser();

    @Test
    void readsEnrichmentFromRss20Items() throws Exception {
        ParsedFeed feed = parse("rss20-enriched.xml", null);

        assertThat(feed.title()).isEqualTo("Signal Weekly");
        assertThat(feed.link()).isEqualTo("https://signal.example/");
        assertThat(feed.items()).hasSize(3);
        ParsedItem item = feed.items().get(0);
        assertThat(item.title()).isEqualTo("Widget Server 4.2 fixes a remote code execution flaw");
        assertThat(item.link()).isEqualTo("https://signal.example/stories/widget-server-rce?utm_source=rss");
        assertThat(item.guid()).isEqualTo("signal-2026-0001");
        assertThat(item.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertFullEnrichment(item.enrichment());
    }

    @Test
    void readsEnrichmentFromAtom10Entries() throws Exception {
        ParsedFeed feed = parse("atom10-enriched.xml", "application/atom+xml");

        assertThat(feed.title()).isEqualTo("Signal Atom");
        assertThat(feed.items()).hasSize(2);
        ParsedItem entry = feed.items().get(0);
        assertThat(entry.title()).isEqualTo("Widget Server 4.2 fixes a remote code execution flaw");
        assertThat(entry.link()).isEqualTo("https://atom.example/stories/widget-server-rce");
        assertThat(entry.guid()).isEqualTo("tag:atom.example,2026:widget-server-rce");
        assertThat(entry.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertThat(entry.description()).isEqualTo("<p>Version 4.2 closes a <b>critical</b> hole.</p>");
        assertFullEnrichment(entry.enrichment());
    }

    @Test
    void readsEnrichmentFromRss10Items() throws Exception {
        ParsedFeed feed = parse("rss10-enriched.rdf", null);

        assertThat(feed.title()).isEqualTo("Signal RDF");
        assertThat(feed.items()).extracting(ParsedItem::title)
                .containsExactly("Widget Server 4.2 fixes a remote code execution flaw",
                        "Gadget Cloud opens a second region");
        ParsedItem item = feed.items().get(0);
        assertThat(item.link()).isEqualTo("https://rdf.example/stories/widget-server-rce");
        assertThat(item.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertFullEnrichment(item.enrichment());
        assertThat(feed.items().get(1).enrichment()).isNull();
    }

    @Test
    void itemsWithoutTheExtensionHaveNoEnrichmentInAnEnrichedFeed() throws Exception {
        ParsedFeed rss = parse("rss20-enriched.xml", null);
        ParsedFeed atom = parse("atom10-enriched.xml", null);

        assertThat(rss.items().get(1).title()).isEqualTo("Gadget Cloud opens a second region");
        assertThat(rss.items().get(1).enrichment()).isNull();
        assertThat(atom.items().get(1).title()).isEqualTo("Gadget Cloud opens a second region");
        assertThat(atom.items().get(1).enrichment()).isNull();
        assertThat(atom.items().get(1).publishedAt()).isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
    }

    @Test
    void parsesRss091WithoutDoctype() throws Exception {
        ParsedFeed feed = parse("rss091-plain.xml", null);

        assertThat(feed.title()).isEqualTo("Old Wire");
        assertThat(feed.items()).extracting(ParsedItem::title)
                .containsExactly("Modem prices fall again", "Dial-up providers merge");
        assertThat(feed.items()).extracting(ParsedItem::link)
                .containsExactly("https://oldwire.example/modems", "https://oldwire.example/merger");
        assertThat(feed.items().get(0).description()).isEqualTo("Prices for 56k modems fell for the third month.");
        assertThat(feed.items()).allSatisfy(item -> assertThat(item.enrichment()).isNull());
    }

    @Test
    void parsesRss092WithoutDoctype() throws Exception {
        ParsedFeed feed = parse("rss092-plain.xml", null);

        assertThat(feed.title()).isEqualTo("Old Wire Plus");
        assertThat(feed.items()).hasSize(2);
        assertThat(feed.items().get(0).title()).isEqualTo("Webring directory reaches 10,000 sites");
        assertThat(feed.items().get(0).link()).isEqualTo("https://oldwire.example/plus/webring");
        assertThat(feed.items().get(1).title()).isNull();
        assertThat(feed.items().get(1).description()).isEqualTo("An item with a description only, as 0.92 allows.");
        assertThat(feed.items()).allSatisfy(item -> assertThat(item.enrichment()).isNull());
    }

    @Test
    void plainRss20HasNoEnrichmentAndKeepsDescriptionHtmlRaw() throws Exception {
        ParsedFeed feed = parse("rss20-plain.xml", "application/rss+xml; charset=utf-8");

        assertThat(feed.items()).hasSize(2);
        ParsedItem cdata = feed.items().get(0);
        assertThat(cdata.enrichment()).isNull();
        assertThat(cdata.link()).as("relative links are resolved later, not by the parser")
                .isEqualTo("/news/bridge-reopens");
        assertThat(cdata.guid()).isEqualTo("https://plain.example/news/bridge-reopens");
        assertThat(cdata.publishedAt()).isEqualTo(Instant.parse("2026-11-23T07:15:00Z"));
        // Rome's XML healer rewrites named entities to numeric ones even inside CDATA; both mean "&" in HTML
        assertThat(cdata.description()).isIn(
                "<p>The bridge <b>reopened</b> on Monday &amp; traffic is flowing.</p><script>alert(1)</script>",
                "<p>The bridge <b>reopened</b> on Monday &#38; traffic is flowing.</p><script>alert(1)</script>");
        ParsedItem escaped = feed.items().get(1);
        assertThat(escaped.enrichment()).isNull();
        assertThat(escaped.publishedAt()).isNull();
        assertThat(escaped.description()).isEqualTo("<p>Open until <em>nine</em>.</p>");
    }

    @Test
    void unparsableImportanceAndMissingWeightBecomeNull() throws Exception {
        ParsedItem item = parse("rss20-enriched.xml", null).items().get(2);

        ParsedItem.Enrichment enrichment = item.enrichment();
        assertThat(enrichment).isNotNull();
        assertThat(enrichment.tldr()).isEqualTo("Numbers that do not parse are dropped.");
        assertThat(enrichment.importance()).isNull();
        assertThat(enrichment.whyItMatters()).isNull();
        assertThat(enrichment.whatToDoNext()).isNull();
        assertThat(enrichment.takeaways()).isEmpty();
        assertThat(enrichment.audiences()).containsExactly(new ParsedItem.Enrichment.Audience("Data Teams", null));
    }

    @Test
    void itemCarryingOnlyAnUnparsableImportanceHasNoEnrichment() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:recap="urn:recap:enrichment:1"><channel>
                  <title>T</title><link>https://t.example/</link><description>d</description>
                  <item><title>Only a bad number</title><link>https://t.example/1</link>
                    <recap:importance>abc</recap:importance>
                    <recap:audience weight="0.5">   </recap:audience>
                  </item>
                </channel></rss>
                """;

        ParsedItem item = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), null)
                .items().get(0);

        assertThat(item.title()).isEqualTo("Only a bad number");
        assertThat(item.enrichment()).isNull();
    }

    @Test
    void emptyInputIsAFeedParseException() {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(new byte[0]), null))
                .isExactlyInstanceOf(FeedParseException.class)
                .message().isNotBlank();
    }

    @Test
    void htmlPageIsAFeedParseException() {
        assertThatThrownBy(() -> parse("not-a-feed.html", "text/html; charset=utf-8"))
                .isExactlyInstanceOf(FeedParseException.class)
                .message().isNotBlank();
    }

    @Test
    void wellFormedNonFeedXmlIsAFeedParseException() {
        byte[] xhtml = "<html><body><p>Hello</p></body></html>".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(xhtml), null))
                .isExactlyInstanceOf(FeedParseException.class)
                .message().isNotBlank();
    }

    @Test
    void rssWithoutChannelIsAFeedParseException() {
        assertThatThrownBy(() -> parse("rss20-no-channel.xml", null))
                .isExactlyInstanceOf(FeedParseException.class)
                .message().isNotBlank();
    }

    @Test
    void decodesIso88591DeclaredDocument() throws Exception {
        byte[] bytes = bytes("rss20-latin1.xml");
        // guard: the fixture really is Latin-1 (a lone 0xE9 byte), not UTF-8
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("Café Chronicle");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("Café");

        ParsedFeed feed = parser.parse(new ByteArrayInputStream(bytes), null);

        assertThat(feed.title()).isEqualTo("Café Chronicle");
        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo("Café reopens near the opéra");
            assertThat(item.description()).isEqualTo("Crème brûlée is back.");
        });
    }

    @Test
    void decodesIso88591DeclaredDocumentServedAsTextXmlWithoutCharset() throws Exception {
        ParsedFeed feed = parse("rss20-latin1.xml", "text/xml");

        assertThat(feed.items()).singleElement()
                .satisfies(item -> assertThat(item.title()).isEqualTo("Café reopens near the opéra"));
    }

    @Test
    void resolvesAtomLinksAgainstXmlBase() throws Exception {
        String atom = """
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/">
                  <title>Based</title><id>tag:base.example,2026:feed</id><updated>2026-11-24T09:00:00Z</updated>
                  <entry><title>Relative entry</title><link href="2026/post-1"/><id>tag:base.example,2026:1</id>
                    <updated>2026-11-24T09:00:00Z</updated></entry>
                </feed>""";

        ParsedFeed feed = parser.parse(atom.getBytes(StandardCharsets.UTF_8), "application/atom+xml");

        assertThat(feed.items().get(0).link()).isEqualTo("https://base.example/blog/2026/post-1");
    }

    @Test
    void readsUserLandNamespacedRss() throws Exception {
        String rss = """
                <rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel><title>UserLand</title>
                <link>https://userland.example/</link><description>d</description>
                <item><title>Namespaced item</title><link>https://userland.example/1</link></item></channel></rss>""";

        ParsedFeed feed = parser.parse(rss.getBytes(StandardCharsets.UTF_8), null);

        assertThat(feed.items()).extracting(ParsedItem::title).containsExactly("Namespaced item");
    }

    @Test
    void readsAFeedThatIsNotWellFormedLeniently() throws Exception {
        String truncated = """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Cut off</title>
                <link>https://cut.example/</link><description>d</description>
                <item><title>Complete item</title><link>https://cut.example/1</link>
                <content:encoded><![CDATA[<p>Body</p>]]></content:encoded></item>
                <item><title>Item the connection cut""";

        ParsedFeed feed = parser.parse(truncated.getBytes(StandardCharsets.UTF_8), null);

        assertThat(feed.items()).extracting(ParsedItem::title).startsWith("Complete item");
        assertThat(feed.warnings()).singleElement().asString().startsWith("the feed is not well-formed XML")
                .endsWith("so Recap read it leniently");
    }

    @Test
    void readsAFeedThatSaysUtf8ButIsWindows1252() throws Exception {
        byte[] cp1252 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Caf\u00e9</title><link>https://c.example/</link><description>d</description></channel></rss>"
                .getBytes("windows-1252");

        ParsedFeed feed = parser.parse(cp1252, "application/rss+xml; charset=utf-8");

        assertThat(feed.title()).isEqualTo("Café");
        assertThat(feed.warnings()).containsExactly("the feed says it is UTF-8 but is not, so it was read as Windows-1252");
    }

    @Test
    void decodesUtf32WithItsByteOrderMark() throws Exception {
        String xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-32\"?><rss version=\"2.0\"><channel><title>Wide \u00e9</title><link>https://w.example/</link><description>d</description></channel></rss>";

        ParsedFeed feed = parser.parse(xml.getBytes("UTF-32BE"), null);

        assertThat(feed.title()).isEqualTo("Wide é");
    }

    @Test
    void readsRssVersion09AsRss091WithAWarning() throws Exception {
        ParsedFeed feed = parse("rss-version-0.9.xml", null);

        assertThat(feed.title()).isEqualTo("Old Wire");
        assertThat(feed.items()).extracting(ParsedItem::title)
                .containsExactly("Modem prices fall again", "Dial-up providers merge");
        assertThat(feed.items().get(0).link()).isEqualTo("https://oldwire.example/modems");
        assertThat(feed.warnings()).containsExactly("the feed says it is RSS version \"0.9\", which no RSS "
                + "specification defines, so it was read as RSS 0.91");
    }

    @Test
    void readsInventedRss2VersionsAsRss20WithAWarning() throws Exception {
        for (String version : new String[] {"2.0.1", "2.00"}) {
            ParsedFeed feed = parse("rss-version-" + version + ".xml", null);

            assertThat(feed.items()).as(version).singleElement().satisfies(item -> {
                assertThat(item.title()).isEqualTo("Compiler 9 ships");
                assertThat(item.guid()).isEqualTo("point-1");
                assertThat(item.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
            });
            assertThat(feed.warnings()).as(version).containsExactly("the feed says it is RSS version \"" + version
                    + "\", which no RSS specification defines, so it was read as RSS 2.0");
        }
    }

    @Test
    void readsRssWithoutAVersionAsRss20WithAWarning() throws Exception {
        ParsedFeed feed = parse("rss-version-missing.xml", null);

        assertThat(feed.title()).isEqualTo("Versionless News");
        assertThat(feed.items()).singleElement().extracting(ParsedItem::publishedAt)
                .isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertThat(feed.warnings()).containsExactly("the feed's <rss> element names no version, so it was read as RSS 2.0");
    }

    @Test
    void picksTheNearestRssVersionRomeReads() {
        assertThat(LegacyRepairs.nearestRssVersion("0.9")).isEqualTo("0.91");
        assertThat(LegacyRepairs.nearestRssVersion("0.90")).isEqualTo("0.91");
        assertThat(LegacyRepairs.nearestRssVersion("0.93")).isEqualTo("0.93");
        assertThat(LegacyRepairs.nearestRssVersion("0.95")).isEqualTo("0.94");
        assertThat(LegacyRepairs.nearestRssVersion("2.0.1")).isEqualTo("2.0");
        assertThat(LegacyRepairs.nearestRssVersion("3")).isEqualTo("2.0");
        assertThat(LegacyRepairs.nearestRssVersion("rss2")).isEqualTo("2.0");
        assertThat(LegacyRepairs.nearestRssVersion(null)).isEqualTo("2.0");
    }

    @Test
    void readsAFeedFollowedByAnInjectedScriptAndDropsTheScript() throws Exception {
        ParsedFeed feed = parse("rss20-trailing-script.xml", null);

        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo("Patch day brings twelve fixes");
            assertThat(item.description()).isEqualTo("Twelve fixes, two of them critical.");
        });
        assertThat(feed.warnings()).singleElement().asString()
                .startsWith("the feed's root element is followed by ")
                .endsWith("characters of other content (beginning with <script), which Recap dropped");
    }

    @Test
    void readsTheFirstOfTwoConcatenatedFeedsOnly() throws Exception {
        ParsedFeed feed = parse("rss20-trailing-xml-declaration.xml", null);

        assertThat(feed.items()).extracting(ParsedItem::title).containsExactly("The first copy is whole");
        assertThat(feed.warnings()).singleElement().asString().contains("(beginning with <?xml)");
    }

    @Test
    void readsAnAtomFeedFollowedByAnHtmlPage() throws Exception {
        ParsedFeed feed = parse("atom10-trailing-html.xml", "application/atom+xml");

        assertThat(feed.title()).isEqualTo("Broken CMS Blog");
        assertThat(feed.items()).extracting(ParsedItem::title).containsExactly("Our new theme is live");
        assertThat(feed.warnings()).singleElement().asString().contains("(beginning with <!DOCTYPE)");
    }

    @Test
    void dropsWhatFollowsTheRootOfAFeedThatIsAlsoNotWellFormed() throws Exception {
        String broken = new String(bytes("rss20-trailing-script.xml"), StandardCharsets.UTF_8)
                .replace("<title>Patch day", "<title>Patch &bogus; day").replace("</description>\n    </item>",
                        "</description>\n    <br></item>");

        ParsedFeed feed = parser.parse(broken.getBytes(StandardCharsets.UTF_8), null);

        assertThat(feed.items()).singleElement().extracting(ParsedItem::link)
                .isEqualTo("https://injected.example/patch-day");
        assertThat(feed.warnings()).contains("the feed's root element is followed by other content, which Recap dropped");
    }

    @Test
    void anHtmlPageAfterWhichNothingIsAFeedIsStillRefusedAsAPage() {
        String page = "<?xml version=\"1.0\"?>\n<!-- generated -->\n<head><title>x</title></head><body><html>hi";

        assertThatThrownBy(() -> parser.parse(page.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(FeedParseException.class).hasMessageStartingWith("the document is an HTML web page");
    }

    private static void assertFullEnrichment(ParsedItem.Enrichment enrichment) {
        assertThat(enrichment).isNotNull();
        assertThat(enrichment.tldr()).isEqualTo("Widget Server 4.2 closes a critical remote code execution hole.");
        assertThat(enrichment.whyItMatters()).isEqualTo("Unpatched servers can be taken over without credentials.");
        assertThat(enrichment.whatToDoNext()).isEqualTo("Upgrade every instance to 4.2 this week.");
        assertThat(enrichment.takeaways())
                .containsExactly("All versions before 4.2 are affected.", "A workaround disables the admin console.");
        assertThat(enrichment.audiences()).containsExactly(
                new ParsedItem.Enrichment.Audience("Enterprise & Security Teams", 0.9),
                new ParsedItem.Enrichment.Audience("Platform Engineers", 0.4));
        assertThat(enrichment.importance()).isEqualTo(0.82);
    }

    private ParsedFeed parse(String fixture, String contentType) throws FeedParseException {
        try (InputStream in = new ByteArrayInputStream(bytes(fixture))) {
            return parser.parse(in, contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String fixture) {
        try (InputStream in = RomeFeedParserTests.class.getResourceAsStream("/feeds/" + fixture)) {
            assertThat(in).as("fixture /feeds/%s", fixture).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
