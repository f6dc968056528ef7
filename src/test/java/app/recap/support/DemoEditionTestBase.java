package app.recap.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Tag;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bundled demo, loaded the way {@code --spring.profiles.active=demo} loads it: its list, audiences and
 * subscribers, its four feeds through the real ingest path (Rome, enrichment, storage), then the weekly job for
 * 2026-W48 writing one {@code .eml} per subscriber to an outbox under a temporary directory. Test classes that
 * extend this share one application context.
 */
@SpringBootTest(properties = {"recap.demo.enabled=true", "recap.demo.content=classpath:demo/newsletter.json",
        "spring.datasource.url=jdbc:h2:mem:demo-edition;DB_CLOSE_DELAY=-1", "recap.mail.host=",
        "recap.admin.email=admin@recap.example", "recap.admin.password=test-admin-password"})
@AutoConfigureMockMvc
@Tag("database")
public abstract class DemoEditionTestBase {

    protected static final String LIST = "weekly-ai";
    protected static final String WEEK = "2026-W48";
    protected static final String ADMIN = "admin@recap.example";
    protected static final String ADMIN_PASSWORD = "test-admin-password";
    protected static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("recap-7-demo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("recap.data-dir", DATA::toString);
    }

    /** Every message the demo run wrote, parsed. */
    protected static List<MimeMessage> outbox() throws IOException {
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(DATA.resolve("outbox"))) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().map(f -> {
                try (InputStream in = Files.newInputStream(f)) {
                    return new MimeMessage(session, in);
                } catch (Exception e) {
                    throw new IllegalStateException("unreadable " + f, e);
                }
            }).toList();
        }
    }
}
