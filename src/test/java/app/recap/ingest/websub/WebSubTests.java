package app.recap.ingest.websub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.ingest.FeedService;
import app.recap.ingest.FeedSource;
import app.recap.support.FeedServer;
import app.recap.support.MutableClock;

/**
 * WebSub end to end with a local hub on 127.0.0.1: Recap's subscribe request reaches the hub, the hub verifies
 * intent against Recap's running callback over real HTTP and then pushes signed (and forged) content. The hub
 * reaches Recap at its random port, whatever host {@code recap.base-url} names, as a proxy in front would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:websub;DB_CLOSE_DELAY=-1",
        "recap.ingest.allowed-hosts=127.0.0.1",
        "recap.ingest.schedule=-",
        "recap.base-url=https://recap.example",
        "recap.admin.email=admin@recap.example",
        "recap.admin.password=test-admin-password",
        "recap.websub.enabled=true",
        "recap.websub.lease=10d",
        "recap.websub.renew-before=1d"})
@Import(WebSubTests.StandingClock.class)
@Tag("database")
class WebSubTests {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static FeedServer server;
    static final List<Map<String, String>> hubRequests = new CopyOnWriteArrayList<>();
    static final List<String> verificationAnswers = new CopyOnWriteArrayList<>();

    @LocalServerPort int port;
    @Autowired FeedService feeds;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;
    @Autowired LeaseRenewal renewal;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startHub() {
        server = new FeedServer();
    }

    @AfterAll
    static void stopHub() {
        server.close();
    }

    @Test
    void subscribesVerifiesIngestsSignedPushesOnlyRenewsAndUnsubscribes() throws Exception {
        String feedUrl = server.url("/blog/feed.xml");
        String hubUrl = server.url("/hub");
        String self = "https://blog.example/feed.xml";
        server.serve("/blog/feed.xml", atom(hubUrl, self, "First post", "https://blog.example/first"),
                "application/atom+xml");
        server.route("/hub", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            hubRequests.add(form);
            server.send(exchange, 202, new byte[0]);
            // verification of intent comes after the answer, as a real hub's does
            String challenge = "c-" + hubRequests.size();
            new Thread(() -> verificationAnswers.add(verify(form, form.get("hub.topic"), challenge))).start();
        });
        FeedSource feed = feeds.add(feedUrl, "Blog", null).feed();

        feeds.fetchNow(feed.id());

        await(() -> verificationAnswers.size() == 1);
        Map<String, String> subscribe = hubRequests.get(0);
        assertThat(subscribe).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", self)
                .containsEntry("hub.lease_seconds", "864000");
        assertThat(subscribe.get("hub.callback")).startsWith("https://recap.example/webhooks/websub/");
        assertThat(subscribe.get("hub.secret")).hasSizeBetween(16, 199);
        assertThat(verificationAnswers.get(0)).isEqualTo("200 c-1");
        assertThat(status(feed.id())).isEqualTo("ACTIVE");
        assertThat(jdbc.sql("select expires_at from websub_subscription where feed_id = ?").param(feed.id())
                .query(java.time.OffsetDateTime.class).single().toInstant())
                .isEqualTo(clock.instant().plus(Duration.ofDays(10)));

        // a challenge for another topic is not ours
        assertThat(verify(subscribe, "https://other.example/feed.xml", "nope")).isEqualTo("404 ");

        String secret = subscribe.get("hub.secret");
        byte[] pushed = atom(hubUrl, self, "Pushed post", "https://blog.example/pushed");
        assertThat(push(subscribe, pushed, null)).isEqualTo(202);
        assertThat(push(subscribe, pushed, "sha256=" + hex(WebSubscriptions.hmac("HmacSHA256", secret,
                "something else".getBytes(StandardCharsets.UTF_8))))).isEqualTo(202);
        assertThat(stories("https://blog.example/pushed")).isZero();
        assertThat(jdbc.sql("select last_error from websub_subscription where feed_id = ?").param(feed.id())
                .query(String.class).single()).contains("wrong X-Hub-Signature");

        assertThat(push(subscribe, pushed, "sha256=" + hex(WebSubscriptions.hmac("HmacSHA256", secret, pushed))))
                .isEqualTo(202);
        assertThat(stories("https://blog.example/pushed")).isEqualTo(1);
        assertThat(push(subscribe, pushed, "sha1=" + hex(WebSubscriptions.hmac("HmacSHA1", secret, pushed))))
                .isEqualTo(202);

        // the later poll of the same item is the same story
        server.serve("/blog/feed.xml", pushed, "application/atom+xml");
        feeds.fetchNow(feed.id());
        assertThat(stories("https://blog.example/pushed")).isEqualTo(1);
        assertThat(hubRequests).hasSize(1);

        // nine days on, the lease is due within renew-before
        clock.advance(Duration.ofDays(9).plusHours(1));
        renewal.renew();
        await(() -> verificationAnswers.size() == 2);
        assertThat(hubRequests.get(1)).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", self);
        assertThat(hubRequests.get(1).get("hub.callback")).isNotEqualTo(subscribe.get("hub.callback"));
        assertThat(verificationAnswers.get(1)).isEqualTo("200 c-2");
        // the old callback's secret no longer opens the door
        assertThat(push(subscribe, pushed, "sha256=" + hex(WebSubscriptions.hmac("HmacSHA256", secret, pushed))))
                .isEqualTo(404);

        assertThat(feeds.remove(feed.id())).isTrue();
        await(() -> verificationAnswers.size() == 3);
        assertThat(hubRequests.get(2)).containsEntry("hub.mode", "unsubscribe");
        assertThat(verificationAnswers.get(2)).isEqualTo("200 c-3");
        assertThat(jdbc.sql("select count(*) from websub_subscription").query(Integer.class).single()).isZero();
    }

    @Test
    void aLeaseShorterThanRenewBeforeIsRenewedAtHalfItsLengthNotAtEveryCheck() throws Exception {
        String feedUrl = server.url("/short/feed.xml");
        String hubUrl = server.url("/short-hub");
        String self = "https://short.example/feed.xml";
        server.serve("/short/feed.xml", atom(hubUrl, self, "Short post", "https://short.example/one"),
                "application/atom+xml");
        List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        server.route("/short-hub", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            requests.add(form);
            server.send(exchange, 202, new byte[0]);
            // the hub grants one hour, far less than the day renew-before asks for
            Map<String, String> granted = new LinkedHashMap<>(form);
            granted.put("hub.lease_seconds", "3600");
            new Thread(() -> answers.add(verify(granted, form.get("hub.topic"), "s-" + requests.size()))).start();
        });
        FeedSource feed = feeds.add(feedUrl, "Short", null).feed();
        feeds.fetchNow(feed.id());
        await(() -> answers.size() == 1);
        assertThat(status(feed.id())).isEqualTo("ACTIVE");

        renewal.renew();
        clock.advance(Duration.ofMinutes(20));
        renewal.renew();
        assertThat(requests).as("not renewed while more than half the lease is left").hasSize(1);

        clock.advance(Duration.ofMinutes(11));
        renewal.renew();
        await(() -> answers.size() == 2);
        assertThat(requests).hasSize(2);
        assertThat(answers.get(1)).startsWith("200");
        renewal.renew();
        assertThat(requests).as("the renewed lease settles").hasSize(2);
        assertThat(feeds.remove(feed.id())).isTrue();
        await(() -> answers.size() == 3);
    }

    @Test
    void discoversTheHubFromLinkHeadersBeforeTheFeedsOwnLinks() throws Exception {
        String hubUrl = server.url("/header-hub");
        String self = "https://headers.example/feed.xml";
        List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        acceptingHub("/header-hub", requests, answers);
        // a plain RSS feed that names its hub only in the response's headers, as WebSub's discovery allows
        server.serve("/headers/feed.xml", """
                <?xml version="1.0" encoding="utf-8"?>
                <rss version="2.0"><channel><title>Headers</title><link>https://headers.example/</link>
                <description>d</description><item><title>Header post</title>
                <link>https://headers.example/one</link></item></channel></rss>
                """.getBytes(StandardCharsets.UTF_8), "application/rss+xml",
                "Link", "<https://headers.example/about?a=1,b=2>; rel=\"alternate\"",
                "Link", "<" + hubUrl + ">; rel=\"hub\", <" + self + ">; rel=self");
        // an Atom feed whose document names one hub and whose headers name another: the headers win
        String documentHub = server.url("/document-hub");
        server.route("/document-hub", exchange -> server.send(exchange, 500, "not this hub".getBytes()));
        String otherSelf = "https://both.example/feed.xml";
        server.serve("/both/feed.xml", atom(documentHub, "https://both.example/document-self", "Both post",
                "https://both.example/one"), "application/atom+xml",
                "Link", "<" + hubUrl + ">; rel=\"hub\"; title=\"the hub, \\\"quoted\\\"\", <" + otherSelf
                        + ">; rel=\"self\"");

        FeedSource plain = feeds.add(server.url("/headers/feed.xml"), "Headers", null).feed();
        feeds.fetchNow(plain.id());
        await(() -> answers.size() == 1);
        assertThat(requests.get(0)).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", self);
        assertThat(answers.get(0)).startsWith("200");
        assertThat(status(plain.id())).isEqualTo("ACTIVE");

        FeedSource both = feeds.add(server.url("/both/feed.xml"), "Both", null).feed();
        feeds.fetchNow(both.id());
        await(() -> answers.size() == 2);
        assertThat(requests.get(1)).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", otherSelf);
        assertThat(server.requests("/document-hub")).isEmpty();
        assertThat(feeds.remove(plain.id())).isTrue();
        assertThat(feeds.remove(both.id())).isTrue();
        await(() -> answers.size() == 4);
    }

    @Test
    void followsAHubs307And308WithTheSameRequestButNotA302() throws Exception {
        List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        List<String> answers = new CopyOnWriteArrayList<>();
        acceptingHub("/final-hub", requests, answers);
        server.redirect("/moving-hub", 307, "/moved-hub");
        server.redirect("/moved-hub", 308, server.url("/final-hub"));
        server.redirect("/found-hub", 302, server.url("/final-hub"));
        server.redirect("/ftp-hub", 307, "ftp://127.0.0.1/hub");
        String self = "https://moving.example/feed.xml";
        server.serve("/moving/feed.xml", atom(server.url("/moving-hub"), self, "Moving post",
                "https://moving.example/one"), "application/atom+xml");
        server.serve("/found/feed.xml", atom(server.url("/found-hub"), "https://found.example/feed.xml",
                "Found post", "https://found.example/one"), "application/atom+xml");
        server.serve("/ftp/feed.xml", atom(server.url("/ftp-hub"), "https://ftp.example/feed.xml",
                "Ftp post", "https://ftp.example/one"), "application/atom+xml");

        FeedSource moving = feeds.add(server.url("/moving/feed.xml"), "Moving", null).feed();
        feeds.fetchNow(moving.id());
        await(() -> answers.size() == 1);
        assertThat(requests.get(0)).containsEntry("hub.mode", "subscribe").containsEntry("hub.topic", self);
        assertThat(answers.get(0)).startsWith("200");
        assertThat(status(moving.id())).isEqualTo("ACTIVE");

        FeedSource found = feeds.add(server.url("/found/feed.xml"), "Found", null).feed();
        feeds.fetchNow(found.id());
        assertThat(status(found.id())).isEqualTo("FAILED");
        assertThat(jdbc.sql("select last_error from websub_subscription where feed_id = ?").param(found.id())
                .query(String.class).single()).startsWith("the hub answered HTTP 302");
        assertThat(requests).as("a 302 is not followed").hasSize(1);

        FeedSource ftp = feeds.add(server.url("/ftp/feed.xml"), "Ftp", null).feed();
        feeds.fetchNow(ftp.id());
        assertThat(status(ftp.id())).isEqualTo("FAILED");
        assertThat(jdbc.sql("select last_error from websub_subscription where feed_id = ?").param(ftp.id())
                .query(String.class).single()).isEqualTo("the hub redirected to an invalid URL: ftp://127.0.0.1/hub");
        assertThat(feeds.remove(moving.id())).isTrue();
        await(() -> answers.size() == 2);
        assertThat(feeds.remove(found.id())).isTrue();
        assertThat(feeds.remove(ftp.id())).isTrue();
    }

    /** A hub at the path that accepts every request (202), then verifies it against the callback, as real hubs do. */
    private void acceptingHub(String path, List<Map<String, String>> requests, List<String> answers) {
        server.route(path, exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            requests.add(form);
            server.send(exchange, 202, new byte[0]);
            String challenge = path + "-" + requests.size();
            new Thread(() -> answers.add(verify(form, form.get("hub.topic"), challenge))).start();
        });
    }

    private String verify(Map<String, String> request, String topic, String challenge) {
        URI callback = URI.create(request.get("hub.callback"));
        String query = "hub.mode=" + request.get("hub.mode") + "&hub.topic=" + enc(topic) + "&hub.challenge="
                + enc(challenge) + ("subscribe".equals(request.get("hub.mode")) ? "&hub.lease_seconds="
                + request.get("hub.lease_seconds") : "");
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + callback.getPath() + "?" + query)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() + " " + answer.body();
        } catch (IOException | InterruptedException e) {
            return "error " + e;
        }
    }

    private int push(Map<String, String> request, byte[] body, String signature) throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + URI.create(request.get("hub.callback")).getPath())).header("Content-Type", "application/atom+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            post.header("X-Hub-Signature", signature);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String status(long feedId) {
        return jdbc.sql("select status from websub_subscription where feed_id = ?").param(feedId).query(String.class)
                .single();
    }

    private int stories(String url) {
        return jdbc.sql("select count(*) from story where url = ?").param(url).query(Integer.class).single();
    }

    private static byte[] atom(String hub, String self, String title, String link) {
        return ("""
                <?xml version="1.0" encoding="utf-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom">
                  <title>Blog</title>
                  <id>urn:blog</id>
                  <updated>2026-11-26T10:00:00Z</updated>
                  <link rel="hub" href="%s"/>
                  <link rel="self" href="%s"/>
                  <entry>
                    <title>%s</title>
                    <id>%s</id>
                    <link href="%s"/>
                    <updated>2026-11-26T10:00:00Z</updated>
                    <summary>What happened on the blog this week, in a sentence or two.</summary>
                  </entry>
                </feed>
                """.formatted(hub, self, title, link, link)).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class StandingClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(NOW);
        }
    }
}
