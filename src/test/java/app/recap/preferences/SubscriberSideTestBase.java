package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;
import app.recap.story.Tldr;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Subscriptions;
import app.recap.support.TestWorld;

/**
 * One application (real HTTP port, MockMvc, H2, or PostgreSQL in the suite's PostgreSQL run) and one GreenMail SMTP server
 * shared by the subscriber-side tests, so the context starts once. Tests share the database: each uses its own
 * list slugs, addresses and client IPs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:subscriber-side;DB_CLOSE_DELAY=-1",
        "recap.mail.host=127.0.0.1", "recap.mail.port=" + SubscriberSideTestBase.SMTP_PORT,
        "recap.base-url=" + SubscriberSideTestBase.BASE_URL,
        "recap.tokens.secrets=subscriber-side-tests-signing-key-0123456789",
        "recap.preferences.signup-limit.per-ip=5", "recap.preferences.signup-limit.per-address=3",
        "recap.preferences.confirmation-expiry=3d"})
@AutoConfigureMockMvc
@Tag("database")
abstract class SubscriberSideTestBase {

    static final int SMTP_PORT = 3960;
    static final String BASE_URL = "https://recap.example";
    static final GreenMail smtp = startSmtp();
    private static final AtomicInteger ips = new AtomicInteger();
    private static final AtomicInteger markers = new AtomicInteger();
    private static final Pattern URL = Pattern.compile("https://recap\\.example/[A-Za-z0-9/._~-]+");

    @Autowired MockMvc mvc;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired Subscriptions subscriptions;
    @Autowired StoryRepository stories;
    @Autowired LinkTokens tokens;
    @Autowired SubscriberLinks links;
    @Autowired JdbcClient jdbc;

    TestWorld world;

    private static GreenMail startSmtp() {
        GreenMail server = new GreenMail(slowStartOk(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP)));
        server.start();
        return server;
    }

    /**
     * The SMTP server outlives a test class; another class reuses the same addresses, and a message left over from
     * it would carry links to subscribers this class never created.
     */
    @BeforeAll
    static void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    @BeforeEach
    void buildWorld() {
        world = new TestWorld(audiences, lists, subscribers, stories).withStories();
    }

    /** A client address no other request used, so per-IP limits never mix tests. */
    static String freshIp() {
        int n = ips.incrementAndGet();
        return "10.6." + (n / 250) + "." + (1 + n % 250);
    }

    /** Posts the sign-up form as a browser would (CSRF token included) from a client IP. */
    MvcResult signup(String listSlug, String email, String ip, Long... audienceIds) throws Exception {
        MockHttpServletRequestBuilder request = post("/subscribe/" + listSlug).with(csrf()).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        }).param("email", email).param("name", "").param("website", "");
        for (Long id : audienceIds) {
            request.param("audience", String.valueOf(id));
        }
        return mvc.perform(request).andReturn();
    }

    /**
     * Waits until every sign-up and email queued before now has been handled: signs up a marker address and
     * waits for its confirmation. Sign-ups and emails are each worked off by one thread in order, so when the
     * marker's email is in, everything queued before it is too.
     */
    void flush() throws Exception {
        String marker = "marker-" + markers.incrementAndGet() + "@flush.example";
        world.listWithSubscribers("flush", 0);
        assertThat(signup("flush", marker, freshIp()).getResponse().getStatus()).isEqualTo(200);
        awaitMessagesTo(marker, 1);
    }

    /** The messages GreenMail has received for an address, in arrival order. */
    static List<MimeMessage> messagesTo(String address) throws MessagingException {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (((InternetAddress) m.getAllRecipients()[0]).getAddress().equalsIgnoreCase(address)) {
                found.add(m);
            }
        }
        return found;
    }

    /** Waits (at most 20 s) for at least {@code count} messages to an address. */
    static List<MimeMessage> awaitMessagesTo(String address, int count) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
        while (messagesTo(address).size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(25);
        }
        List<MimeMessage> found = messagesTo(address);
        assertThat(found).as("messages to " + address).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }

    static String textPart(MimeMessage message) throws MessagingException, IOException {
        return part(message, "text/plain");
    }

    static String htmlPart(MimeMessage message) throws MessagingException, IOException {
        return part(message, "text/html");
    }

    private static String part(MimeMessage message, String type) throws MessagingException, IOException {
        assertThat(message.getContentType()).startsWith("multipart/alternative");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    /** The first link in a text that starts with {@code BASE_URL + prefix}. */
    static String link(String text, String prefix) {
        Matcher m = URL.matcher(text);
        while (m.find()) {
            if (m.group().startsWith(BASE_URL + prefix)) {
                return m.group();
            }
        }
        throw new AssertionError("no " + prefix + " link in:\n" + text);
    }

    /** The path of one of our absolute links, for MockMvc. */
    static String path(String url) {
        assertThat(url).startsWith(BASE_URL);
        return url.substring(BASE_URL.length());
    }

    /** Puts an address on the suppression list, as the admin would. */
    void suppress(long subscriberId) {
        jdbc.sql("update subscriber set status = 'BLOCKLISTED' where id = ?").param(subscriberId).update();
    }

    List<Long> audienceIds() {
        return List.of(TestWorld.AUDIENCES).stream().map(a -> world.audience(a[0]).id()).toList();
    }

    Audience audience(int index) {
        return world.audience(TestWorld.AUDIENCES[index][0]);
    }

    private static final String[] WORDS = {"orbit", "harvest", "lantern", "meadow", "quartz", "saddle", "timber",
            "velvet", "walnut", "canyon", "dolphin", "ember", "falcon", "glacier", "harbor", "island", "jungle",
            "kettle", "lagoon", "marble", "nectar", "oyster", "pepper"};

    /** Three stories per audience published in a week (Tuesday 10:00 UTC), for later editions. */
    void storiesIn(IsoWeek week) {
        Instant tuesday = week.monday().plusDays(1).atTime(10, 0).toInstant(java.time.ZoneOffset.UTC);
        int n = 0;
        for (String[] a : TestWorld.AUDIENCES) {
            for (int i = 0; i < 3; i++) {
                n++;
                stories.save(new IncomingStory("https://news.example/" + week + "/" + a[0] + "-" + i,
                        "Item" + week.week() + "n" + n + " " + WORDS[n % WORDS.length] + " "
                                + WORDS[(n * 7 + 3) % WORDS.length] + " " + WORDS[(n * 13 + 5) % WORDS.length], null,
                        "Wire One", null, tuesday.plusSeconds(600L * n), new Tldr("Changed " + n + ".", null, null),
                        List.of(), List.of(new AudienceWeight(a[1], 0.9)), 0.5, false), tuesday);
            }
        }
    }

    /** A loaded build machine may need more than GreenMail's default two seconds to open the port. */
    static ServerSetup slowStartOk(ServerSetup setup) {
        setup.setServerStartupTimeout(15_000);
        return setup;
    }
}
