package app.recap.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One application context for the ingestion tests (H2, or PostgreSQL in the suite's PostgreSQL run): feeds come from a
 * {@link FeedServer} on 127.0.0.1, which is on the forgery guard's allow-list; the clock stands still at
 * {@link #NOW} until a test moves it; the schedule is off; mail goes to an outbox folder. Each test class gets its
 * own server; after each test every feed is disabled, so one test's ingest run never fetches another's feeds. The
 * newsletter mailbox is an IMAP server on 127.0.0.1 that newsletter tests start, and 127.0.0.1 counts as a tracking
 * host there, so the {@link FeedServer} can play an ESP's click tracker.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:ingest;DB_CLOSE_DELAY=-1",
        "recap.ingest.allowed-hosts=127.0.0.1",
        "recap.ingest.schedule=-",
        "recap.ingest.read-timeout=3s",
        "recap.ingest.connect-timeout=2s",
        "recap.base-url=https://recap.example",
        "recap.admin.email=admin@recap.example",
        "recap.admin.password=test-admin-password",
        // the newsletter mailbox: GreenMail IMAP on NEWSLETTER_IMAP_PORT while a newsletter test runs
        "recap.newsletters.mailbox.protocol=imap",
        "recap.newsletters.mailbox.host=127.0.0.1",
        "recap.newsletters.mailbox.port=" + IngestContext.NEWSLETTER_IMAP_PORT,
        "recap.newsletters.mailbox.user=newsletters",
        "recap.newsletters.mailbox.password=secret",
        "recap.newsletters.mailbox.timeout=5s",
        "recap.newsletters.address=news@in.recap.example",
        "recap.newsletters.trusted-authserv-ids=mx.recap.example",
        "recap.newsletters.tracking-hosts=127.0.0.1"})
@AutoConfigureMockMvc
@Import(IngestContext.StandingClock.class)
@Tag("database")
public abstract class IngestContext {

    /** Thursday of ISO week 2026-W48. */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    public static final String ADMIN = "admin@recap.example";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final int NEWSLETTER_IMAP_PORT = 3962;

    protected static FeedServer server;
    private static Path outbox;

    @Autowired protected MutableClock clock;
    @Autowired protected JdbcClient jdbc;

    @DynamicPropertySource
    static void outbox(DynamicPropertyRegistry registry) throws IOException {
        if (outbox == null) {
            outbox = Files.createTempDirectory("recap-ingest-outbox");
        }
        registry.add("recap.mail.outbox-dir", () -> outbox.toString());
    }

    protected static Path outboxDir() {
        return outbox;
    }

    @BeforeAll
    static void startServer() {
        server = new FeedServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void standStill() {
        clock.set(NOW);
    }

    @AfterEach
    void disableEveryFeed() {
        jdbc.sql("update feed_source set enabled = false").update();
    }

    /** The bytes of {@code src/test/resources/feeds/<name>}. */
    public static byte[] fixture(String name) {
        try (InputStream in = IngestContext.class.getResourceAsStream("/feeds/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture /feeds/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
