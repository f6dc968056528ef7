package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.delivery.smtp.MailConnections;
import app.recap.delivery.smtp.MailProperties;
import app.recap.delivery.smtp.ObservedSmtpConnections;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;

/**
 * The weekly job end to end against a real SMTP server (GreenMail) and a real database (H2, and PostgreSQL in
 * the suite's PostgreSQL run): what subscribers receive, and that a send broken by the SMTP server going away and
 * then restarted gives every subscriber exactly one message.
 */
@SpringBootTest(properties = {"recap.mail.host=localhost", "recap.delivery.chunk-size=5",
        "recap.delivery.partitions=4", "recap.delivery.threads=2", "recap.delivery.retry-delay=10ms",
        "recap.base-url=https://recap.example", "spring.datasource.url=jdbc:h2:mem:weekly-job;DB_CLOSE_DELAY=-1"})
@Import(WeeklyDigestJobTests.StoppableSmtp.class)
@Tag("database")
class WeeklyDigestJobTests {

    private static final int SMTP_PORT = 3925;

    static final int GMAIL_CLIP_BYTES = 102 * 1024;

    /** Stops the SMTP server right after it accepted this many messages; -1 leaves it running. */
    static final AtomicInteger stopServerAfter = new AtomicInteger(-1);
    /** Messages the server had accepted when the test stopped it (a restart of GreenMail clears its store). */
    static final List<MimeMessage> receivedBeforeStop = new ArrayList<>();
    static GreenMail smtp;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired DeliveryRepository deliveries;

    TestWorld world;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(slowStartOk(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)));
        smtp.start();
    }

    @DynamicPropertySource
    static void smtpPort(DynamicPropertyRegistry registry) {
        registry.add("recap.mail.port", () -> SMTP_PORT);
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @BeforeEach
    void buildWorld() throws Exception {
        stopServerAfter.set(-1);
        receivedBeforeStop.clear();
        if (!smtp.isRunning()) {
            smtp.start();
        }
        smtp.purgeEmailFromAllMailboxes();
        world = new TestWorld(audiences, lists, subscribers, stories).withStories();
    }

    @Test
    void sendsEachActiveSubscriberTheirAudiencesOnce() throws Exception {
        NewsletterList list = world.listWithSubscribers("main", 25);

        DigestRun run = weeklyDigest.run("main", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        assertThat(run.storiesCollected()).isEqualTo(36);
        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize((int) subscribers.countActive(list.id())).hasSize(25);

        List<Long> all = List.of(TestWorld.AUDIENCES).stream().map(a -> world.audience(a[0]).id()).toList();
        Map<String, Integer> readerIndex = new HashMap<>();
        for (int i = 0; i < 25; i++) {
            readerIndex.put("main-reader" + i + "@example.com", i);
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (MimeMessage message : received) {
            String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress();
            recipients.add(to);
            assertThat(readerIndex).containsKey(to);

            assertThat(message.getContentType()).startsWith("multipart/alternative");
            MimeMultipart parts = (MimeMultipart) message.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            BodyPart text = parts.getBodyPart(0);
            BodyPart html = parts.getBodyPart(1);
            assertThat(text.getContentType()).startsWith("text/plain");
            assertThat(html.getContentType()).startsWith("text/html");

            assertThat(message.getHeader("List-Unsubscribe")[0]).matches("<https://recap\\.example/u/[A-Za-z0-9_.-]+>");
            assertThat(message.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
            assertThat(message.getHeader("List-Id")[0]).isEqualTo("\"List main\" <main.recap.example>");
            assertThat(message.getMessageID()).matches("<\\d+\\.\\d+\\.main@recap\\.example>");
            assertThat(message.getSentDate()).isNotNull();

            String htmlBody = (String) html.getContent();
            assertThat(htmlBody.getBytes(StandardCharsets.UTF_8).length).isLessThan(GMAIL_CLIP_BYTES);
            Document doc = Jsoup.parse(htmlBody);
            List<String> expectedSections = TestWorld.choice(all, readerIndex.get(to)).stream()
                    .map(id -> audienceName(id)).toList();
            // every email opens with the lead section, the same for everyone (issue 7)
            assertThat(doc.select("h2").eachText()).containsExactlyElementsOf(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("This week's top stories"),
                            expectedSections.stream()).toList());
            List<String> storyLinks = doc.select("h3 a").eachAttr("href");
            assertThat(storyLinks).doesNotHaveDuplicates().noneMatch(href -> href.contains("/w47/"));
            assertThat(storyLinks.size()).isBetween(3 + expectedSections.size(), 3 + 5 * expectedSections.size());

            String textBody = (String) text.getContent();
            for (String section : expectedSections) {
                assertThat(textBody).contains("== " + section + " ==");
            }
            assertThat(textBody).contains("Unsubscribe: https://recap.example/u/");
            assertThat(textBody.lines()).allMatch(line -> line.length() <= 78 || !line.strip().contains(" "));
        }
        assertThat(recipients).hasSize(25);

        DigestRun again = weeklyDigest.run("main", IsoWeek.parse(TestWorld.WEEK));

        assertThat(again.jobStatus()).isEqualTo("ALREADY_COMPLETE");
        assertThat(smtp.getReceivedMessages()).hasSize(25);
        assertThat(again.sent()).isEqualTo(25);
    }

    @Test
    void sendsEveryoneExactlyOnceAfterSmtpServerDiesAndJobRestarts() throws Exception {
        world.listWithSubscribers("restart", 23);
        stopServerAfter.set(7);

        DigestRun failed = weeklyDigest.run("restart", IsoWeek.parse(TestWorld.WEEK));

        assertThat(failed.jobStatus()).isEqualTo("FAILED");
        assertThat(receivedBeforeStop).hasSize(7);
        assertThat(failed.sent()).isEqualTo(7);
        assertThat(failed.pending()).isEqualTo(16);

        stopServerAfter.set(-1);
        smtp.start();
        DigestRun resumed = weeklyDigest.run("restart", IsoWeek.parse(TestWorld.WEEK));

        assertThat(resumed.jobStatus()).isEqualTo("COMPLETED");
        assertThat(resumed.sent()).isEqualTo(23);
        List<String> all = new ArrayList<>();
        for (MimeMessage m : receivedBeforeStop) {
            all.add(((InternetAddress) m.getAllRecipients()[0]).getAddress());
        }
        for (MimeMessage m : smtp.getReceivedMessages()) {
            all.add(((InternetAddress) m.getAllRecipients()[0]).getAddress());
        }
        Map<String, Long> perRecipient = all.stream().collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        assertThat(perRecipient).hasSize(23).allSatisfy((address, count) -> assertThat(count).as(address).isEqualTo(1));
    }

    private String audienceName(long id) {
        return audiences.findAll().stream().filter(a -> a.id() == id).map(Audience::displayName).findFirst().orElseThrow();
    }

    /** The real SMTP connections, with a switch that stops the SMTP server after N accepted messages. */
    @TestConfiguration
    static class StoppableSmtp {

        @Bean
        @Primary
        MailConnections stoppableConnections(MailProperties properties) {
            AtomicInteger accepted = new AtomicInteger();
            return new ObservedSmtpConnections(properties, (message, send) -> {
                // one send at a time across partitions, so "stop after N" is exact
                synchronized (accepted) {
                    send.run();
                    int limit = stopServerAfter.get();
                    if (limit > 0 && accepted.incrementAndGet() == limit) {
                        receivedBeforeStop.addAll(List.of(smtp.getReceivedMessages()));
                        smtp.stop();
                        accepted.set(0);
                    }
                }
            });
        }
    }

    static String raw(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A loaded build machine may need more than GreenMail's default two seconds to open the port. */
    static ServerSetup slowStartOk(ServerSetup setup) {
        setup.setServerStartupTimeout(15_000);
        return setup;
    }
}
