package app.recap.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

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
import org.springframework.test.web.servlet.MockMvc;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.ListEditor;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.MutableClock;
import app.recap.support.TestWorld;

/**
 * One application and one GreenMail server for the tracking tests, with a clock the tests move (the scanner window
 * is measured from when a message was composed). Each test uses its own list slug.
 */
@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:tracking;DB_CLOSE_DELAY=-1",
        "recap.mail.host=127.0.0.1", "recap.mail.port=" + TrackingTestBase.SMTP_PORT,
        "recap.base-url=" + TrackingTestBase.BASE_URL,
        "recap.tokens.secrets=tracking-tests-signing-key-0123456789abcdef"})
@AutoConfigureMockMvc
@Import(TrackingTestBase.TestClock.class)
@Tag("database")
abstract class TrackingTestBase {

    static final int SMTP_PORT = 3973;
    static final String BASE_URL = "https://recap.example";
    static final IsoWeek W48 = IsoWeek.parse(TestWorld.WEEK);
    static final Instant SENDING = Instant.parse("2026-12-01T09:00:00Z");
    static final GreenMail smtp = start();
    private static final Pattern URL = Pattern.compile("https://recap\\.example/[A-Za-z0-9/._~-]+");

    @Autowired MockMvc mvc;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired ListEditor listEditor;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    TestWorld world;

    private static GreenMail start() {
        GreenMail server = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    @BeforeEach
    void buildWorld() {
        clock.set(SENDING);
        world = new TestWorld(audiences, lists, subscribers, stories).withStories();
    }

    /** A list with {@code readers} subscribers in the given mode, its W48 edition sent. */
    NewsletterList sentList(String slug, int readers, ClickTracking mode) throws Exception {
        NewsletterList list = world.listWithSubscribers(slug, readers);
        list = withTracking(list, mode, false);
        assertThat(weeklyDigest.run(slug, W48).jobStatus()).isEqualTo("COMPLETED");
        return list;
    }

    NewsletterList withTracking(NewsletterList l, ClickTracking mode, boolean opens) {
        NewsletterList changed = new NewsletterList(l.id(), l.slug(), l.name(), l.senderName(), l.senderEmail(),
                l.replyTo(), l.postalAddress(), l.sendDay(), l.sendTime(), l.timeZone(), l.locale(), l.doubleOptIn(),
                l.archived(), l.timewarp(), mode, opens);
        return listEditor.update(changed, lists.offeredAudienceIds(l.id()));
    }

    static List<MimeMessage> messagesTo(String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (((InternetAddress) m.getAllRecipients()[0]).getAddress().equalsIgnoreCase(address)) {
                found.add(m);
            }
        }
        return found;
    }

    static MimeMessage onlyMessageTo(String address) throws MessagingException {
        List<MimeMessage> found = messagesTo(address);
        assertThat(found).as("messages to " + address).hasSize(1);
        return found.get(0);
    }

    static String part(MimeMessage message, String type) throws MessagingException, IOException {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    /** Every link in a text starting with {@code BASE_URL + prefix}, in order. */
    static List<String> links(String text, String prefix) {
        List<String> found = new ArrayList<>();
        Matcher m = URL.matcher(text);
        while (m.find()) {
            if (m.group().startsWith(BASE_URL + prefix)) {
                found.add(m.group());
            }
        }
        return found;
    }

    static String path(String url) {
        assertThat(url).startsWith(BASE_URL);
        return url.substring(BASE_URL.length());
    }

    long events(String where, Object... params) {
        return jdbc.sql("select count(*) from tracking_event where " + where).params(params).query(Long.class)
                .single();
    }

    /** A condition on tracking_event: the events of a list's editions. */
    static String ofList(String slug) {
        return "edition_id in (select e.id from edition e join newsletter_list l on l.id = e.list_id where l.slug = '"
                + slug + "')";
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock trackingTestClock() {
            return new MutableClock(SENDING);
        }
    }
}
