package app.recap.delivery.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.delivery.TestMessages;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.IsoWeek;
import app.recap.preferences.ConfirmationRequested;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The demo run with a DKIM key configured (RSA and Ed25519): every message it writes to the outbox (the digests,
 * a test copy, a confirmation) verifies with dkimpy and with the JDK, and a tampered copy does not.
 */
@SpringBootTest(properties = {"recap.demo.enabled=true", "recap.demo.content=classpath:demo/newsletter.json",
        "spring.datasource.url=jdbc:h2:mem:dkim-outbox;DB_CLOSE_DELAY=-1", "recap.mail.host=",
        "recap.dkim.selector=" + DkimVerification.RSA_SELECTOR, "recap.dkim.private-key=" + DkimVerification.RSA_KEY,
        "recap.dkim.ed25519.selector=" + DkimVerification.ED25519_SELECTOR,
        "recap.dkim.ed25519.private-key=" + DkimVerification.ED25519_KEY})
@Tag("database")
class DkimSignedOutboxTests {

    private static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("recap-dkim-demo");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("recap.data-dir", DATA::toString);
    }

    @Autowired ListRepository lists;
    @Autowired EditionRepository editions;
    @Autowired EditionSnapshots snapshots;
    @Autowired TestMessages testMessages;
    @Autowired ApplicationEventPublisher events;

    @Test
    void everyMessageTheDemoWritesVerifiesWithDkimpyAndTheJdk() throws Exception {
        NewsletterList list = lists.findBySlug("weekly-ai").orElseThrow();
        long edition = editions.find(list.id(), IsoWeek.parse("2026-W48")).orElseThrow().id();
        List<Path> digests = outbox();
        assertThat(digests).as("the demo run's digests").hasSizeGreaterThan(5);
        testMessages.send(snapshots.load(edition), lists.offeredAudienceIds(list.id()), "editor@recap.example", "Ed");
        events.publishEvent(new ConfirmationRequested(1, list.id(), "new.reader@example.org", "New Reader",
                "https://recap.example/c/token", Instant.now().plus(Duration.ofDays(7))));
        Path confirmation = awaitFile("confirm.");
        List<Path> all = outbox();
        assertThat(all).hasSize(digests.size() + 2).contains(confirmation);
        String domain = list.senderDomain();
        Map<String, String> dns = DkimVerification.records(domain);

        for (Path file : all) {
            assertThat(DkimVerification.verify(Files.readAllBytes(file), dns)).as(file.toString()).hasSize(2)
                    .allSatisfy(v -> {
                        assertThat(v.failure()).isNull();
                        assertThat(v.domain()).isEqualTo(domain);
                    });
        }
        String digest = Files.readString(digests.get(0), StandardCharsets.UTF_8);
        // the outbox writes the envelope sender first, as a mailbox stores it; the signatures come next
        assertThat(digest).startsWith("Return-Path: <bounces+").contains(">\r\nDKIM-Signature: v=1; a=rsa-sha256;")
                .contains("list-unsubscribe-post")
                .contains("\r\nDKIM-Signature: v=1; a=ed25519-sha256;");

        assumeTrue(DkimVerification.dkimpyAvailable(), "python3-dkim is not installed");
        String changed = digest.replaceFirst("(List-Unsubscribe: <[^>]*/u/)", "$1x");
        assertThat(changed).isNotEqualTo(digest);
        Path tampered = Files.writeString(DATA.resolve("tampered.eml.txt"), changed, StandardCharsets.UTF_8);
        List<Path> checked = new ArrayList<>(all);
        checked.add(tampered);
        List<String> results = DkimVerification.dkimpy(checked, dns);
        assertThat(results).hasSize(2 * checked.size());
        assertThat(results).filteredOn(line -> !line.startsWith(tampered.toString()))
                .hasSize(2 * all.size()).allMatch(line -> line.endsWith(" pass"));
        assertThat(results).filteredOn(line -> line.startsWith(tampered.toString()))
                .containsExactly(tampered + " 0 rsa-sha256 fail", tampered + " 1 ed25519-sha256 fail");
    }

    private static List<Path> outbox() throws IOException {
        try (Stream<Path> files = Files.list(DATA.resolve("outbox"))) {
            return files.filter(f -> f.toString().endsWith(".eml")).sorted().toList();
        }
    }

    private static Path awaitFile(String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (Path file : outbox()) {
                if (file.getFileName().toString().startsWith(prefix)) {
                    return file;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + prefix + " message in the outbox");
    }
}
