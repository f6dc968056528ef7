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
 * own server; after each test every feed is disabled, so one test's ingest run never fetches another's feeds.
 */
@SpringBootTest(properties = {
        "spring.datasource.url=jdbc:h2:mem:ingest;DB_CLOSE_DELAY=-1",
        "recap.ingest.allowed-hosts=127.0.0.1",
        "recap.ingest.schedule=-",
        "recap.ingest.read-timeout=3s",
        "recap.ingest.connect-timeout=2s",
        "recap.base-url=https://recap.example",
        "recap.admin.email=admin@recap.example",
        "recap.admin.password=test-admin-password"})
@AutoConfigureMockMvc
@Import(IngestContext.StandingClock.class)
@Tag("database")
public abstract class IngestContext {

    /** Thursday of ISO week 2026-W48. */
    public static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    public static final String ADMIN = "admin@recap.example";
    public static final String ADMIN_PASSWORD = "test-admin-password";

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
