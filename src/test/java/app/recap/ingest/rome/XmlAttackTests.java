package app.recap.ingest.rome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;

/**
 * Hostile XML: each fixture would read a local file or call a local HTTP server if the parser let it, and the
 * assertions look for the file's content and count the server's requests.
 */
class XmlAttackTests {

    private final RomeFeedParser parser = new RomeFeedParser();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private HttpServer server;

    @BeforeEach
    void startCountingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().toString());
            byte[] body = "<!ENTITY leaked \"CALLED-HOME\">".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void externalEntityNamingALocalFileIsNeverRead(@TempDir Path dir) throws Exception {
        String secret = "TOP-SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String xml = fixture("xxe-file.xml").replace("@SECRET_URI@", file.toUri().toString());

        ParsedFeed feed = parseOrNull(xml);

        if (feed != null) {
            assertThat(feed.items()).singleElement().satisfies(item -> {
                assertThat(item.title()).doesNotContain(secret).startsWith("Leaked:");
                assertThat(item.description()).doesNotContain(secret);
            });
            assertThat(feed.title()).doesNotContain(secret);
        }
    }

    @Test
    void theLenientSecondReadOfABrokenDocumentLoadsNothingEither(@TempDir Path dir) throws Exception {
        String secret = "TOP-SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String port = String.valueOf(server.getAddress().getPort());
        // both fixtures cut off before their end, so the strict parse fails and the lenient one runs
        String xxe = fixture("xxe-file.xml").replace("@SECRET_URI@", file.toUri().toString());
        String network = fixture("xxe-network.xml").replace("@PORT@", port);

        for (String broken : new String[] {xxe.substring(0, xxe.indexOf("</item>")),
                network.substring(0, network.indexOf("</item>"))}) {
            ParsedFeed feed = parseOrNull(broken);
            if (feed != null) {
                for (ParsedItem item : feed.items()) {
                    assertThat(item.title() + " " + item.description()).doesNotContain(secret)
                            .doesNotContain("CALLED-HOME");
                }
            }
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void externalDtdParameterAndGeneralEntitiesAndXIncludeNeverCallTheNetwork() throws Exception {
        String xml = fixture("xxe-network.xml").replace("@PORT@", String.valueOf(server.getAddress().getPort()));

        ParsedFeed feed = parser.parse(xml.getBytes(StandardCharsets.UTF_8), "application/rss+xml");

        assertThat(requests).isEmpty();
        assertThat(feed.title()).isEqualTo("Callback Wire");
        ParsedItem item = feed.items().get(0);
        assertThat(item.title()).doesNotContain("CALLED-HOME").startsWith("Ping");
        assertThat(item.link()).isEqualTo("https://callback.example/ping");
    }

    @Test
    void aFeedCutAfterItsRootStillNeverReadsExternalEntities(@TempDir Path dir) throws Exception {
        String secret = "TOP-SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(dir.resolve("secret.txt"), secret);
        String port = String.valueOf(server.getAddress().getPort());
        String junk = "\n<script>alert(1)</script><!DOCTYPE x [<!ENTITY e SYSTEM \"" + file.toUri() + "\">]><x>&e;</x>";
        for (String xml : new String[] {fixture("xxe-file.xml").replace("@SECRET_URI@", file.toUri().toString()) + junk,
                fixture("xxe-network.xml").replace("@PORT@", port) + junk}) {
            ParsedFeed feed = parseOrNull(xml);

            if (feed != null) {
                for (ParsedItem item : feed.items()) {
                    assertThat(item.title() + " " + item.description()).doesNotContain(secret)
                            .doesNotContain("CALLED-HOME");
                }
            }
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void billionLaughsFollowedByJunkIsStillRefused() {
        String xml = fixture("billion-laughs.xml") + "\n<script>alert(1)</script>";

        assertThatThrownBy(() -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), null))
                .isExactlyInstanceOf(FeedParseException.class).hasMessageStartingWith("refused");
    }

    @Test
    void billionLaughsIsRefusedWithAMessageThatSaysSo() {
        assertThatThrownBy(() -> parser.parse(fixture("billion-laughs.xml").getBytes(StandardCharsets.UTF_8), null))
                .isExactlyInstanceOf(FeedParseException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("billion laughs");
    }

    @Test
    void quadraticBlowUpOfOneLargeEntityIsRefused() {
        // one 50,000-character entity used 400 times: 20 million characters from a 52 KB document
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY big \"" + "x".repeat(50_000) + "\">]>"
                + "<rss version=\"2.0\"><channel><title>Blow-up</title><link>https://blow.example/</link>"
                + "<description>" + "&big;".repeat(400) + "</description></channel></rss>";

        assertThatThrownBy(() -> parser.parse(xml.getBytes(StandardCharsets.UTF_8), null))
                .isExactlyInstanceOf(FeedParseException.class)
                .hasMessageStartingWith("refused");
    }

    @Test
    void netscapeRss091WithItsDoctypeAndHtmlEntitiesIsAccepted() throws Exception {
        ParsedFeed feed = parser.parse(fixture("rss091-netscape.xml").getBytes(StandardCharsets.ISO_8859_1), null);

        assertThat(requests).isEmpty();
        assertThat(feed.title()).isEqualTo("Netscape Wire");
        assertThat(feed.items()).extracting(ParsedItem::title)
                .containsExactly("Café society goes online", "Portal wars heat up");
        assertThat(feed.items().get(0).description()).isEqualTo("Browsers\u00A0& portals — a new era.");
    }

    @Test
    void smallInternalEntitiesStillExpand() throws Exception {
        ParsedFeed feed = parser.parse(fixture("rss20-internal-entity.xml").getBytes(StandardCharsets.UTF_8), null);

        assertThat(feed.title()).isEqualTo("Entity Co News");
        assertThat(feed.items()).singleElement().satisfies(item -> {
            assertThat(item.title()).isEqualTo("Entity Co ships a release");
            assertThat(item.link()).isEqualTo("https://internal-entity.example/release");
        });
    }

    @Test
    void eachDocumentGetsTheWholeExpansionLimitOnAThreadThatParsedOthersBefore() throws Exception {
        // the thread's parser is reused: 6,000 expansions per document, so counters carried over would refuse the
        // second of these, and a limit reset by the reuse would let the billion laughs through afterwards
        String many = "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY e \"x\">]>"
                + "<rss version=\"2.0\"><channel><title>Many</title><link>https://many.example/</link>"
                + "<description>" + "&e;".repeat(6_000) + "</description></channel></rss>";
        for (int i = 0; i < 5; i++) {
            assertThat(parser.parse(many.getBytes(StandardCharsets.UTF_8), null).title()).isEqualTo("Many");
        }
        assertThatThrownBy(() -> parser.parse(fixture("billion-laughs.xml").getBytes(StandardCharsets.UTF_8), null))
                .isExactlyInstanceOf(FeedParseException.class).hasMessageStartingWith("refused");
        assertThat(parser.parse(many.getBytes(StandardCharsets.UTF_8), null).title()).isEqualTo("Many");
    }

    private ParsedFeed parseOrNull(String xml) {
        try {
            return parser.parse(xml.getBytes(StandardCharsets.UTF_8), null);
        } catch (FeedParseException refused) {
            assertThat(refused.getMessage()).doesNotContain("TOP-SECRET");
            return null;
        }
    }

    static String fixture(String name) {
        try (InputStream in = XmlAttackTests.class.getResourceAsStream("/feeds/" + name)) {
            assertThat(in).as("fixture /feeds/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
