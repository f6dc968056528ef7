package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import com.sun.net.httpserver.HttpExchange;

import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.support.IngestContext;

/**
 * Ingestion end to end: feeds served over real HTTP from the loopback server, fetched, parsed, cleaned and
 * stored by the real ingest job or "fetch now", on H2 and, in the suite's PostgreSQL run, on PostgreSQL.
 */
class FeedIngestionTests extends IngestContext {

    static final long FIFTY_MB = 50L * 1024 * 1024;

    @Autowired FeedService feeds;
    @Autowired IngestRuns runs;
    @Autowired StoryRepository stories;
    @Autowired IngestSchedule schedule;

    @Test
    void ingestJobReadsEveryFixtureOrRecordsAClearErrorAndCompletes(@TempDir Path dir) throws Exception {
        String secret = "TOP-SECRET-" + UUID.randomUUID();
        Path secretFile = Files.writeString(dir.resolve("secret.txt"), secret);
        String xxe = new String(fixture("xxe-file.xml"), StandardCharsets.UTF_8)
                .replace("@SECRET_URI@", secretFile.toUri().toString());
        Map<String, FeedSource> feed = new LinkedHashMap<>();
        feed.put("rss091", serve("rss091-plain.xml", "text/xml"));
        feed.put("rss091-netscape", serve("rss091-netscape.xml", "text/xml"));
        feed.put("rss092", serve("rss092-plain.xml", "application/rss+xml"));
        feed.put("rss10", serve("rss10-enriched.rdf", "application/rdf+xml"));
        feed.put("rss20", serve("rss20-enriched.xml", "application/rss+xml; charset=utf-8"));
        feed.put("atom03", serve("atom03.xml", "application/atom+xml"));
        feed.put("atom10", serve("atom10-enriched.xml", "application/atom+xml"));
        feed.put("dates", serve("rss20-dates.xml", "application/rss+xml"));
        feed.put("utf8-is-cp1252", serve("rss20-declared-utf8-is-cp1252.xml", "application/rss+xml"));
        feed.put("latin1-is-utf8", serve("rss20-declared-latin1-is-utf8.xml", "text/xml"));
        feed.put("mojibake", serve("rss20-mojibake.xml", "application/rss+xml"));
        feed.put("relative", serve("rss20-relative-links.xml", "application/rss+xml"));
        feed.put("html-titles", serve("rss20-html-titles.xml", "application/rss+xml"));
        feed.put("duplicate-guids", serve("rss20-duplicate-guids.xml", "application/rss+xml"));
        feed.put("hostile", serve("rss20-hostile.xml", "application/rss+xml"));
        feed.put("html-page", serve("not-a-feed.html", "text/html; charset=utf-8"));
        feed.put("empty", serve("empty.xml", "application/rss+xml"));
        feed.put("billion-laughs", serve("billion-laughs.xml", "application/rss+xml"));
        feed.put("no-channel", serve("rss20-no-channel.xml", "application/rss+xml"));
        feed.put("xxe", add("/sweep/xxe.xml", "xxe", xxe.getBytes(StandardCharsets.UTF_8), "application/rss+xml"));
        server.route("/sweep/fifty-mb.xml", exchange -> endless(exchange, false));
        feed.put("fifty-mb", feeds.add(server.url("/sweep/fifty-mb.xml"), "fifty-mb", null).feed());
        server.route("/sweep/fifty-mb-announced.xml", exchange -> endless(exchange, true));
        feed.put("fifty-mb-announced", feeds.add(server.url("/sweep/fifty-mb-announced.xml"), "fifty-mb-announced",
                null).feed());
        feed.put("gone", feeds.add(server.url("/sweep/nothing-here.xml"), "gone", null).feed());

        IngestRun run = runs.run();

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.feeds()).isEqualTo(feed.size());
        Map<String, FeedSource> after = new LinkedHashMap<>();
        feed.forEach((key, f) -> after.put(key, feeds.find(f.id()).orElseThrow()));
        List<String> refused = List.of("html-page", "empty", "billion-laughs", "no-channel", "fifty-mb",
                "fifty-mb-announced", "gone");
        assertThat(run.feedsFailed()).isEqualTo(refused.size());
        after.forEach((key, f) -> {
            assertThat(f.lastFetchedAt()).as(key).isEqualTo(NOW);
            if (refused.contains(key)) {
                assertThat(f.lastError()).as(key).isNotBlank();
                assertThat(f.consecutiveFailures()).as(key).isEqualTo(1);
                assertThat(f.nextFetchAt()).as(key).isAfter(NOW);
            } else {
                assertThat(f.lastError()).as(key).isNull();
                assertThat(f.lastStatus()).as(key).isEqualTo(200);
                assertThat(f.lastSuccessAt()).as(key).isEqualTo(NOW);
            }
        });
        assertThat(after.get("html-page").lastError()).contains("HTML web page");
        assertThat(after.get("empty").lastError()).isEqualTo("the document is empty");
        assertThat(after.get("billion-laughs").lastError()).startsWith("refused").contains("billion laughs");
        assertThat(after.get("no-channel").lastError()).contains("no <channel>");
        assertThat(after.get("fifty-mb").lastError()).contains("larger than the limit of 10MB");
        assertThat(after.get("fifty-mb-announced").lastError()).contains("larger than the limit of 10MB")
                .contains("announced " + FIFTY_MB + " bytes");
        assertThat(server.bytesSent()).as("the 50 MB bodies were not read to the end").isLessThan(FIFTY_MB);
        assertThat(after.get("gone").lastError()).contains("HTTP 404 (Not Found)");
        assertThat(after.get("gone").lastStatus()).isEqualTo(404);

        assertThat(titles(feed.get("rss091"))).containsExactlyInAnyOrder("Modem prices fall again",
                "Dial-up providers merge");
        assertThat(titles(feed.get("rss091-netscape"))).contains("Café society goes online");
        assertThat(titles(feed.get("rss092"))).containsExactly("Webring directory reaches 10,000 sites");
        assertThat(after.get("rss092").lastSkippedItems()).isEqualTo(1);
        assertThat(after.get("rss092").lastWarning()).contains("1 of 2 items skipped (1 without an http(s) link)");
        assertThat(titles(feed.get("rss10"))).hasSize(2);
        assertThat(titles(feed.get("rss20"))).hasSize(3);
        assertThat(titles(feed.get("atom03"))).containsExactlyInAnyOrder("Legacy Atom is still in the wild",
                "Base64 titles decode");
        assertThat(story(feed.get("atom03"), "Base64 titles decode").summary())
                .isEqualTo("Base64 content, wrapped over lines as base64 usually is.");
        assertThat(titles(feed.get("atom10"))).hasSize(2);

        assertThat(story(feed.get("dates"), "A proper date").publishedAt())
                .isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
        assertThat(story(feed.get("dates"), "A proper date").publishedEstimated()).isFalse();
        for (String undated : List.of("No date at all", "A date that is not one", "The Unix epoch", "The next century")) {
            Story s = story(feed.get("dates"), undated);
            assertThat(s.publishedAt()).as(undated).isEqualTo(NOW);
            assertThat(s.publishedEstimated()).as(undated).isTrue();
        }
        assertThat(after.get("dates").lastWarning()).contains("4 items had no usable date");

        Story cp1252 = stories(feed.get("utf8-is-cp1252")).get(0);
        assertThat(cp1252.title()).isEqualTo("Café owners say “no” to the new rules");
        assertThat(cp1252.summary()).isEqualTo("Crème brûlée prices rise.");
        assertThat(after.get("utf8-is-cp1252").lastWarning()).contains("says it is UTF-8 but is not");
        Story latin = stories(feed.get("latin1-is-utf8")).get(0);
        assertThat(latin.title()).isEqualTo("Zürich cafés adopt € pricing — and it’s popular");
        assertThat(latin.summary()).isEqualTo("Naïve pricing is over.");

        Story aws = story(feed.get("mojibake"), "💡AWS AI revenue + custom chips boom");
        assertThat(aws.summary()).isEqualTo("⚡ 30-Second TL;DR: Jassy defends $200B capex");
        assertThat(aws.tldr().whatChanged()).isEqualTo("It’s the “evidence-based” plan, says Jassy — again");
        assertThat(aws.takeaways()).containsExactly("•Capex goes mostly to data centres and power.");
        Story cafe = story(feed.get("mojibake"), "Café crème, naïve résumé");
        assertThat(cafe.summary()).isEqualTo("สวัสดีครับ and À la carte stay as they are.");

        assertThat(urls(feed.get("relative"))).containsExactlyInAnyOrder(
                server.url("/news/root-relative"),
                server.url("/sweep/items/doc-relative.html"),
                "https://relative.example/a/c/dots?id=7",
                "https://relative.example/news/guid-only");
        assertThat(after.get("relative").lastSkippedItems()).isEqualTo(2);

        assertThat(titles(feed.get("html-titles"))).containsExactlyInAnyOrder(
                "Bold move: rates cut & markets rally", "Emphasis in a CDATA title", "Entities: café — ‘quoted’");
        assertThat(story(feed.get("html-titles"), "Bold move: rates cut & markets rally").summary())
                .isEqualTo("First paragraph. Second paragraph.");

        assertThat(urls(feed.get("duplicate-guids"))).containsExactlyInAnyOrder("https://sameguid.example/first",
                "https://sameguid.example/second");
        assertThat(after.get("duplicate-guids").lastNewStories()).isEqualTo(2);
        assertThat(after.get("duplicate-guids").lastWarning()).contains("1 item repeated an earlier item's link and was stored once");

        Story hostile = stories(feed.get("hostile")).get(0);
        assertThat(stories(feed.get("hostile"))).hasSize(1);
        assertThat(hostile.title()).isEqualTo("Patch now");
        assertThat(hostile.summary()).isEqualTo("Servers are exposed. Read more");
        assertThat(hostile.tldr().whatChanged()).isEqualTo("Upgrade today.");
        assertThat(hostile.tldr().whyItMatters()).isEqualTo("Attackers scan for it.");
        assertThat(hostile.tldr().whatToDoNext()).isEqualTo("Patch every server.");
        assertThat(hostile.takeaways()).containsExactly("Exploit code is public.");

        for (FeedSource f : feed.values()) {
            for (Story s : stories(f)) {
                assertThat(String.join(" ", s.url(), s.title(), String.valueOf(s.summary()),
                        String.valueOf(s.tldr()), String.valueOf(s.takeaways())))
                        .as(f.name())
                        .doesNotContain(secret)
                        .doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("javascript:")
                        .doesNotContainIgnoringCase("onerror").doesNotContainIgnoringCase("tracker.example")
                        .doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("<iframe")
                        .doesNotContain("alert(");
                assertThat(s.url()).as(f.name()).startsWith("http");
            }
        }
        assertThat(titles(feed.get("xxe"))).singleElement().asString().startsWith("Leaked:");
    }

    @Test
    void feedsWithAnUnknownRssVersionOrJunkAfterTheirRootAreStoredWithAWarning() {
        FeedSource version = serve("rss-version-2.0.1.xml", "application/rss+xml");
        FeedSource script = serve("rss20-trailing-script.xml", "application/rss+xml");
        FeedSource html = serve("atom10-trailing-html.xml", "application/atom+xml");

        FetchReport versionReport = feeds.fetchNow(version.id()).orElseThrow();
        FetchReport scriptReport = feeds.fetchNow(script.id()).orElseThrow();
        FetchReport htmlReport = feeds.fetchNow(html.id()).orElseThrow();

        assertThat(versionReport.error()).isNull();
        assertThat(versionReport.warning()).contains("RSS version \"2.0.1\"", "read as RSS 2.0");
        assertThat(urls(version)).containsExactly("https://point.example/compiler-9");
        assertThat(scriptReport.error()).isNull();
        assertThat(scriptReport.warning()).contains("(beginning with <script), which Recap dropped");
        assertThat(titles(script)).containsExactly("Patch day brings twelve fixes");
        assertThat(htmlReport.warning()).contains("(beginning with <!DOCTYPE), which Recap dropped");
        assertThat(titles(html)).containsExactly("Our new theme is live");
        assertThat(feeds.find(script.id()).orElseThrow().lastError()).isNull();
    }

    @Test
    void jsonFeedsAreCleanedNormalisedDatedAndEnrichedLikeRssAndAddCoverage() {
        FeedSource quirks = serve("jsonfeed-quirks.json", "application/feed+json");
        FeedSource enriched = serve("jsonfeed11-enriched.json", "text/plain; charset=utf-8");
        FeedSource rss = add("/json/also-in-rss.xml", "Also In Rss", rss("Also In Rss", """
                <item><title>Widget Server 4.2 ships</title>
                <link>https://JSON.example:443/stories/widget-server-rce#top</link></item>"""), "application/rss+xml");

        FetchReport quirksReport = feeds.fetchNow(quirks.id()).orElseThrow();
        FetchReport enrichedReport = feeds.fetchNow(enriched.id()).orElseThrow();
        FetchReport rssReport = feeds.fetchNow(rss.id()).orElseThrow();

        assertThat(quirksReport.error()).isNull();
        assertThat(quirksReport.itemsSeen()).isEqualTo(5);
        assertThat(quirksReport.warning()).contains("1 item's date names no time zone and was read as UTC",
                "1 of 5 items skipped (1 without an http(s) link)");
        assertThat(urls(quirks)).containsExactlyInAnyOrder("https://quirky.example/posts/id-is-the-link",
                server.url("/posts/relative"), "https://elsewhere.example/linked-article",
                "https://quirky.example/posts/bad-date");
        Story idIsLink = story(quirks, "The id is the only link");
        assertThat(idIsLink.summary()).doesNotContain("alert").doesNotContain("<");
        assertThat(idIsLink.publishedAt()).isEqualTo(Instant.parse("2026-11-24T09:30:00Z"));
        assertThat(story(quirks, "A link post points elsewhere").summary())
                .isEqualTo("Plain text with <angle brackets> & an ampersand.");
        assertThat(story(quirks, "A date nobody can read").publishedEstimated()).isTrue();
        assertThat(story(quirks, "A relative url and only HTML content").tldr()).as("enriched locally").isNotNull();

        assertThat(enrichedReport.newStories()).isEqualTo(2);
        Story widget = story(enriched, "Widget Server 4.2 fixes a remote code execution flaw");
        assertThat(widget.url()).isEqualTo("https://json.example/stories/widget-server-rce");
        assertThat(widget.importance()).isEqualTo(0.82);
        assertThat(widget.takeaways()).containsExactly("The flaw is rated critical.", "Version 4.2 is the fix.");
        assertThat(rssReport.newStories()).isZero();
        assertThat(stories.findAllById(List.of(widget.id())).get(0).sources()).extracting(Story.StorySource::name)
                .containsExactlyInAnyOrder("jsonfeed11-enriched.json", "Also In Rss");
    }

    @Test
    void fetchingAgainStoresNothingTwiceAndAnotherFeedCarryingTheStoryAddsCoverage() {
        String item = """
                <item><title>Shared story about chips</title><link>%s</link>
                <pubDate>Tue, 24 Nov 2026 09:00:00 GMT</pubDate></item>""";
        FeedSource first = add("/coverage/first.xml", "Coverage First", rss("Coverage First",
                item.formatted("https://coverage.example/chips?utm_source=first")
                        + item.formatted("https://coverage.example/only-first").replace("Shared story", "Own story")),
                "application/rss+xml");
        FeedSource second = add("/coverage/second.xml", "Coverage Second", rss("Coverage Second",
                item.formatted("HTTPS://Coverage.Example:443/chips#top")), "application/rss+xml");
        long before = stories.count();

        FetchReport once = feeds.fetchNow(first.id()).orElseThrow();
        FetchReport twice = feeds.fetchNow(first.id()).orElseThrow();
        FetchReport other = feeds.fetchNow(second.id()).orElseThrow();

        assertThat(once.newStories()).isEqualTo(2);
        assertThat(twice.itemsSeen()).isEqualTo(2);
        assertThat(twice.newStories()).isZero();
        assertThat(other.newStories()).isZero();
        assertThat(stories.count()).isEqualTo(before + 2);
        Story shared = stories.findAllById(List.of(stories.findIdByUrl("https://coverage.example/chips").orElseThrow()))
                .get(0);
        assertThat(shared.sources()).extracting(Story.StorySource::name)
                .containsExactly("Coverage First", "Coverage Second");
    }

    @Test
    void anUnchangedFeedCostsOneConditionalRequestAnsweredWith304() throws Exception {
        byte[] body = rss("Conditional", """
                <item><title>Conditional story</title><link>https://conditional.example/1</link></item>""");
        server.route("/conditional.xml", exchange -> {
            if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                server.send(exchange, 304, new byte[0]);
                return;
            }
            exchange.getResponseHeaders().add("ETag", "\"v1\"");
            exchange.getResponseHeaders().add("Last-Modified", "Tue, 24 Nov 2026 09:00:00 GMT");
            exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
            server.send(exchange, 200, body);
        });
        FeedSource feed = feeds.add(server.url("/conditional.xml"), "Conditional", null).feed();

        FetchReport first = feeds.fetchNow(feed.id()).orElseThrow();
        FetchReport second = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(first.newStories()).isEqualTo(1);
        assertThat(second.notModified()).isTrue();
        assertThat(second.itemsSeen()).isZero();
        assertThat(second.error()).isNull();
        var requests = server.requests("/conditional.xml");
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).header("If-None-Match")).isNull();
        assertThat(requests.get(1).header("If-None-Match")).isEqualTo("\"v1\"");
        assertThat(requests.get(1).header("If-Modified-Since")).isEqualTo("Tue, 24 Nov 2026 09:00:00 GMT");
        assertThat(requests.get(0).header("User-Agent")).startsWith("Recap/");
        assertThat(requests.get(0).header("Accept-Encoding")).isEqualTo("gzip");
        FeedSource after = feeds.find(feed.id()).orElseThrow();
        assertThat(after.lastStatus()).isEqualTo(304);
        assertThat(after.etag()).isEqualTo("\"v1\"");
    }

    @Test
    void aGzippedFeedIsDecompressed() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(rss("Zipped", """
                    <item><title>Compressed story</title><link>https://zipped.example/1</link></item>"""));
        }
        server.serve("/zipped.xml", zipped.toByteArray(), "application/rss+xml", "Content-Encoding", "gzip");
        FeedSource feed = feeds.add(server.url("/zipped.xml"), "Zipped", null).feed();

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(report.error()).isNull();
        assertThat(titles(feed)).containsExactly("Compressed story");
    }

    @Test
    void aGzipBombStopsAtTheBodyLimit() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            byte[] zeros = new byte[1024 * 1024];
            for (int i = 0; i < 64; i++) {
                gzip.write(zeros);
            }
        }
        server.serve("/bomb.xml", zipped.toByteArray(), "application/rss+xml", "Content-Encoding", "gzip");
        FeedSource feed = feeds.add(server.url("/bomb.xml"), "Gzip bomb", null).feed();

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(zipped.size()).isLessThan(1024 * 1024);
        assertThat(report.error()).contains("larger than the limit of 10MB once decompressed");
    }

    @Test
    void aFailingFeedBacksOffLongerEachTimeAndTheScheduledRunLeavesItAloneMeanwhile() throws Exception {
        server.status("/flaky.xml", 503);
        FeedSource feed = feeds.add(server.url("/flaky.xml"), "Flaky", null).feed();

        runs.run();
        FeedSource afterFirst = feeds.find(feed.id()).orElseThrow();
        assertThat(afterFirst.consecutiveFailures()).isEqualTo(1);
        assertThat(afterFirst.lastStatus()).isEqualTo(503);
        assertThat(afterFirst.lastError()).isEqualTo("the server answered HTTP 503 (Service Unavailable)");
        assertThat(afterFirst.nextFetchAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(30));
        runs.run();
        assertThat(server.requests("/flaky.xml")).as("still backing off").hasSize(1);

        clock.advance(Duration.ofMinutes(30));
        runs.run();
        FeedSource afterSecond = feeds.find(feed.id()).orElseThrow();
        assertThat(server.requests("/flaky.xml")).hasSize(2);
        assertThat(afterSecond.consecutiveFailures()).isEqualTo(2);
        assertThat(afterSecond.nextFetchAt()).isEqualTo(clock.instant().plus(Duration.ofHours(2)));

        clock.advance(Duration.ofHours(1));
        runs.run();
        assertThat(server.requests("/flaky.xml")).as("a two-hour back-off skips the next hourly run").hasSize(2);

        feeds.fetchNow(feed.id());
        assertThat(server.requests("/flaky.xml")).as("fetch now ignores the back-off").hasSize(3);
        assertThat(feeds.find(feed.id()).orElseThrow().nextFetchAt()).isEqualTo(clock.instant().plus(Duration.ofHours(4)));

        server.serve("/flaky.xml", rss("Flaky", "<item><title>Back again</title><link>https://flaky.example/1</link></item>"),
                "application/rss+xml");
        clock.advance(Duration.ofHours(4));
        runs.run();
        FeedSource recovered = feeds.find(feed.id()).orElseThrow();
        assertThat(recovered.consecutiveFailures()).isZero();
        assertThat(recovered.lastError()).isNull();
        assertThat(recovered.nextFetchAt()).isNull();
        assertThat(recovered.lastNewStories()).isEqualTo(1);
    }

    @Test
    void retryAfterLongerThanTheBackOffIsHonoured() {
        server.status("/busy.xml", 429, "Retry-After", "10800");
        FeedSource feed = feeds.add(server.url("/busy.xml"), "Busy", null).feed();

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(report.error()).contains("HTTP 429").contains("fetch less often");
        assertThat(feeds.find(feed.id()).orElseThrow().nextFetchAt()).isEqualTo(NOW.plus(Duration.ofHours(3)));
    }

    @Test
    void redirectsAreFollowedUpToTheLimitAndEveryHopPassesTheForgeryGuard() {
        server.serve("/redirect/target.xml", rss("Moved", """
                <item><title>Found after a redirect</title><link>https://moved.example/1</link></item>"""),
                "application/rss+xml");
        server.redirect("/redirect/moved.xml", 301, "/redirect/target.xml");
        server.redirect("/redirect/loop-a.xml", 302, "/redirect/loop-b.xml");
        server.redirect("/redirect/loop-b.xml", 302, "/redirect/loop-a.xml");
        server.redirect("/redirect/to-localhost.xml", 302,
                "http://localhost:" + server.port() + "/redirect/via-localhost.xml");
        server.redirect("/redirect/to-metadata.xml", 307, "http://169.254.169.254/latest/meta-data/");

        FeedSource moved = feeds.add(server.url("/redirect/moved.xml"), "Moved", null).feed();
        FetchReport followed = feeds.fetchNow(moved.id()).orElseThrow();
        FetchReport loop = feeds.fetchNow(feeds.add(server.url("/redirect/loop-a.xml"), "Loop", null).feed().id())
                .orElseThrow();
        FetchReport localhost = feeds.fetchNow(feeds.add(server.url("/redirect/to-localhost.xml"), "To localhost",
                null).feed().id()).orElseThrow();
        FetchReport metadata = feeds.fetchNow(feeds.add(server.url("/redirect/to-metadata.xml"), "To metadata",
                null).feed().id()).orElseThrow();

        assertThat(followed.error()).isNull();
        assertThat(followed.newStories()).isEqualTo(1);
        assertThat(feeds.find(moved.id()).orElseThrow().lastFinalUrl()).isEqualTo(server.url("/redirect/target.xml"));
        assertThat(loop.error()).isEqualTo("the server redirected more than 5 times");
        assertThat(server.requests("/redirect/loop-a.xml").size() + server.requests("/redirect/loop-b.xml").size())
                .isEqualTo(6);
        assertThat(localhost.error()).startsWith("refused: localhost resolves to a loopback address")
                .contains("recap.ingest.allowed-hosts");
        assertThat(server.requests("/redirect/via-localhost.xml")).isEmpty();
        assertThat(metadata.error()).startsWith("refused: 169.254.169.254 resolves to a link-local (cloud metadata)");
    }

    @Test
    void aServerThatStallsIsCutOffAtTheReadTimeout() {
        server.route("/stall.xml", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("<rss version=\"2.0\"><channel>".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        FeedSource feed = feeds.add(server.url("/stall.xml"), "Stalling", null).feed();

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(report.error()).isEqualTo("the server did not send the whole feed within 3 s");
    }

    @Test
    void aHostThatRefusesConnectionsIsAClearError() throws Exception {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        FeedSource feed = feeds.add("http://127.0.0.1:" + closedPort + "/feed.xml", "Closed", null).feed();

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(report.error()).isEqualTo("could not connect to 127.0.0.1:" + closedPort
                + " (connection refused or unreachable)");
        assertThat(report.status()).isNull();
    }

    @Test
    void aHugeArchiveFeedIsReadOnlyUpToTheItemLimit() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            items.append("<item><title>Archive story ").append(i).append("</title><link>https://archive.example/")
                    .append(i).append("</link></item>");
        }
        FeedSource feed = add("/archive.xml", "Archive", rss("Archive", items.toString()), "application/rss+xml");

        FetchReport report = feeds.fetchNow(feed.id()).orElseThrow();

        assertThat(report.itemsSeen()).isEqualTo(600);
        assertThat(report.newStories()).isEqualTo(500);
        assertThat(report.warning()).contains("only the first 500 of 600 items were read");
    }

    @Test
    void theScheduleRunsTheIngestJobOnAThreadOfItsOwn() throws Exception {
        FeedSource feed = add("/scheduled.xml", "Scheduled", rss("Scheduled", """
                <item><title>Fetched on schedule</title><link>https://scheduled.example/1</link></item>"""),
                "application/rss+xml");

        schedule.due();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (feeds.find(feed.id()).orElseThrow().lastFetchedAt() == null && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(titles(feed)).containsExactly("Fetched on schedule");
    }

    FeedSource serve(String fixture, String contentType) {
        return add("/sweep/" + fixture, fixture, fixture(fixture), contentType);
    }

    FeedSource add(String path, String name, byte[] body, String contentType) {
        server.serve(path, body, contentType);
        return feeds.add(server.url(path), name, null).feed();
    }

    static byte[] rss(String title, String items) {
        return ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>%s</title><link>https://%s.example/</link>
                <description>test feed</description>%s</channel></rss>"""
                .formatted(title, title.toLowerCase().replace(' ', '-'), items)).getBytes(StandardCharsets.UTF_8);
    }

    /** Stories whose coverage includes this feed. */
    List<Story> stories(FeedSource feed) {
        List<Long> ids = jdbc.sql("select story_id from story_source where source_name = ? order by story_id")
                .param(feed.name()).query(Long.class).list();
        List<Story> found = new ArrayList<>(stories.findAllById(ids));
        found.sort((a, b) -> Long.compare(a.id(), b.id()));
        return found;
    }

    List<String> titles(FeedSource feed) {
        return stories(feed).stream().map(Story::title).toList();
    }

    List<String> urls(FeedSource feed) {
        return stories(feed).stream().map(Story::url).toList();
    }

    Story story(FeedSource feed, String title) {
        return stories(feed).stream().filter(s -> s.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no story '" + title + "' from " + feed.name() + ": "
                        + titles(feed)));
    }

    /** 50 MB of a valid-looking feed, streamed; counts what reached the socket. */
    static void endless(HttpExchange exchange, boolean announce) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/rss+xml");
        exchange.sendResponseHeaders(200, announce ? FIFTY_MB : 0);
        byte[] item = "<item><title>Filler</title><link>https://filler.example/</link></item>\n"
                .getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = exchange.getResponseBody()) {
            long sent = 0;
            while (sent + item.length <= FIFTY_MB) {
                out.write(item);
                sent += item.length;
                server.countSent(item.length);
            }
        }
    }
}
