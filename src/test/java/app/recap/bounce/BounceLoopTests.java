package app.recap.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberErasure;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.ScriptedSmtpServer;
import app.recap.support.TestWorld;

/**
 * The bounce loop end to end: an edition goes out through a scripted relay with a VERP envelope sender per
 * delivery; the relay's own refusals are classified (a 5.7.26 suppresses nobody, a 5.1.1 does); bounces,
 * complaints and auto-replies posted to {@code /api/bounces} find their delivery by VERP or Message-ID, are
 * applied once, and a dry run changes nothing.
 */
@SpringBootTest(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=3951", "recap.delivery.retry-delay=10ms",
        "recap.bounces.return-path-domain=bounce.recap.example", "recap.bounces.soft-limit=2",
        "recap.admin.email=root@recap.example", "recap.admin.password=correct horse battery",
        "spring.datasource.url=jdbc:h2:mem:bounce-loop;DB_CLOSE_DELAY=-1"})
@AutoConfigureMockMvc
@Tag("database")
class BounceLoopTests {

    static ScriptedSmtpServer relay;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;
    @Autowired SubscriberErasure erasure;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = new ScriptedSmtpServer(3951);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    static RequestPostProcessor admin() {
        return httpBasic("root@recap.example", "correct horse battery");
    }

    @Test
    void bouncesComplaintsAndAutoRepliesFindTheirDeliveryAndActOnce() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers("loop", 5);
        List<Long> audience = List.of(world.audience("developers-engineers").id());
        Instant at = Instant.parse("2026-11-20T00:00:00Z");
        for (String email : List.of("nouser@example.com", "gmail-user@example.com")) {
            subscribers.subscribe(list.id(), email, null, null, audience, SubscriptionStatus.CONFIRMED, at);
        }
        relay.script("nouser@example.com", "550 5.1.1 <nouser@example.com>: Recipient address rejected: User unknown");
        relay.script("gmail-user@example.com", "550 5.7.26 This mail has been blocked because the sender is"
                + " unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM.");

        DigestRun run = weeklyDigest.run("loop", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        // synchronous refusals through the classifier: a 5.7.26 to a Gmail address suppresses nobody
        assertThat(subscriberStatus("nouser@example.com")).isEqualTo("BLOCKLISTED");
        assertThat(subscriberStatus("gmail-user@example.com")).isEqualTo("ENABLED");
        assertThat(loggedTypes("smtp")).containsEntry("nouser@example.com", "HARD")
                .containsEntry("gmail-user@example.com", "SOFT");

        // every message's MAIL FROM names its delivery
        Map<String, String> envelope = relay.accepted().stream()
                .collect(Collectors.toMap(ScriptedSmtpServer.Accepted::recipient, ScriptedSmtpServer.Accepted::mailFrom));
        assertThat(envelope).hasSize(5);
        assertThat(envelope.values()).allMatch(s -> s.matches("bounces\\+[a-z2-7]{10,29}@bounce\\.recap\\.example"))
                .doesNotHaveDuplicates();

        // a hard bounce to reader0's VERP address, whose DSN names a forwarded address: VERP wins
        String reader0 = "loop-reader0@example.com";
        String dsn = postfixDsn(envelope.get(reader0), "forwarded@elsewhere.example",
                "550 5.1.1 <forwarded@elsewhere.example>: Recipient address rejected: User unknown", "<dsn-1@mx>");
        long reader0Delivery = deliveryId(reader0);
        mvc.perform(post("/api/bounces?dry-run=true").with(admin()).contentType("message/rfc822").content(dsn))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bounce").value(true))
                .andExpect(jsonPath("$.applied").value(false))
                .andExpect(jsonPath("$.events[0].recipient").value(reader0))
                .andExpect(jsonPath("$.events[0].type").value("hard"))
                .andExpect(jsonPath("$.events[0].status").value("5.1.1"))
                .andExpect(jsonPath("$.events[0].reason").value("user unknown"))
                .andExpect(jsonPath("$.events[0].deliveryId").value(reader0Delivery));
        assertThat(subscriberStatus(reader0)).isEqualTo("ENABLED");
        assertThat(deliveryStatus(reader0)).isEqualTo("SENT");

        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(dsn))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
        assertThat(deliveryStatus(reader0)).isEqualTo("BOUNCED");
        assertThat(subscriberStatus(reader0)).isEqualTo("BLOCKLISTED");
        assertThat(jdbc.sql("select last_bounce from subscriber where email = ?").param(reader0).query(String.class)
                .single()).startsWith("hard bounce: user unknown (5.1.1)");
        // the same bounce again (an MTA retrying its pipe) is not a second event
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(dsn))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(jdbc.sql("select count(*) from bounce_event where delivery_id = ?").param(reader0Delivery)
                .query(Long.class).single()).isEqualTo(1);

        // a complaint that names its delivery only by our Message-ID (the recipient is redacted)
        String reader1 = "loop-reader1@example.com";
        String complaint = arf(messageId(reader1), "<arf-1@fbl.example>");
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(complaint))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.events[0].type").value("complaint"))
                .andExpect(jsonPath("$.events[0].recipient").value(reader1))
                .andExpect(jsonPath("$.applied").value(true));
        assertThat(deliveryStatus(reader1)).isEqualTo("COMPLAINED");
        assertThat(subscriptionStatus(reader1, list)).isEqualTo("UNSUBSCRIBED");
        assertThat(suppressionReason(reader1)).isEqualTo("complaint");

        // an out-of-office changes nothing
        String reader2 = "loop-reader2@example.com";
        String vacation = "From: Reader Two <" + reader2 + ">\r\nTo: digest@recap.example\r\nSubject: Automatic reply:"
                + " your digest\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo-1@example.com>\r\n\r\nI am out of"
                + " the office until Monday.\r\n";
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(vacation))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.bounce").value(false))
                .andExpect(jsonPath("$.events[0].type").value("auto-reply"));
        assertThat(subscriberStatus(reader2)).isEqualTo("ENABLED");
        assertThat(deliveryStatus(reader2)).isEqualTo("SENT");

        // soft bounces suppress at soft-limit (2 here) within the window
        String reader3 = "loop-reader3@example.com";
        for (int i = 1; i <= 2; i++) {
            String full = postfixDsn("bounces@bounce.recap.example", reader3, "552 5.2.2 <" + reader3 + ">: Mailbox full",
                    "<soft-" + i + "@mx>");
            mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(full))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.events[0].type").value("soft"));
            assertThat(subscriberStatus(reader3)).isEqualTo(i < 2 ? "ENABLED" : "BLOCKLISTED");
        }

        // not a message at all; and the log is listed by type
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content("{\"json\": true}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("not an RFC 5322 message")));
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822").content(new byte[0]))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/bounces?type=complaint").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].recipient").value(reader1));

        // per edition, and the list's rates against the 2% and 0.3% lines
        long editionId = jdbc.sql("select edition_id from delivery where id = ?").param(reader0Delivery)
                .query(Long.class).single();
        mvc.perform(get("/api/bounces/editions/" + editionId).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.sent").value(3))
                .andExpect(jsonPath("$.bounced").value(1))
                .andExpect(jsonPath("$.complained").value(1))
                .andExpect(jsonPath("$.failed").value(2))
                .andExpect(jsonPath("$.hard").value(2))
                .andExpect(jsonPath("$.soft").value(1))
                .andExpect(jsonPath("$.complaint").value(1));
        mvc.perform(get("/api/bounces/lists/" + list.id() + "/rates").with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.delivered").value(5))
                .andExpect(jsonPath("$.complaints").value(1))
                .andExpect(jsonPath("$.complaintRate").value(0.2))
                .andExpect(jsonPath("$.complaintRateOver").value(true))
                .andExpect(jsonPath("$.bounceLine").value(0.02));
    }

    @Test
    void erasingASubscriberErasesTheirBouncesEvenWhereOnlyTheTextNamesThem() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        world.listWithSubscribers("erasebounce", 1);
        String reader = "erasebounce-reader0@example.com";
        long subscriberId = subscribers.findByEmail(reader).orElseThrow().id();
        mvc.perform(post("/api/bounces").with(admin()).contentType("message/rfc822")
                        .content(postfixDsn("bounces@bounce.recap.example", reader, "552 5.2.2 <" + reader
                                + ">: Mailbox full", "<erase-1@mx>")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.events[0].subscriberId").value(subscriberId));
        assertThat(bounceRows(reader)).isEqualTo(1);

        erasure.erase(subscriberId, SubscriberErasure.Remains.NOTHING);

        assertThat(bounceRows(reader)).isZero();
    }

    private long bounceRows(String email) {
        return jdbc.sql("select count(*) from bounce_event where recipient = ? or diagnostic like ?")
                .params(email, "%" + email + "%").query(Long.class).single();
    }

    @Test
    void onlyAnAdminMayPostBounces() throws Exception {
        mvc.perform(post("/api/bounces").contentType("message/rfc822").content("Subject: x\r\n\r\nx"))
                .andExpect(status().isUnauthorized());
    }

    private static String postfixDsn(String to, String finalRecipient, String diagnostic, String messageId) {
        return ("Return-Path: <>\nDelivered-To: " + to + "\nFrom: MAILER-DAEMON@mx.example (Mail Delivery System)\n"
                + "To: " + to + "\nSubject: Undelivered Mail Returned to Sender\nMessage-ID: " + messageId + "\n"
                + "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain\n\n<" + finalRecipient + ">: host mx said: " + diagnostic + "\n"
                + "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
                + "Final-Recipient: rfc822; " + finalRecipient + "\nAction: failed\nStatus: "
                + DiagnosticRules.status(diagnostic) + "\nDiagnostic-Code: smtp; " + diagnostic + "\n--b--\n")
                .replace("\n", "\r\n");
    }

    private static String arf(String originalMessageId, String messageId) {
        return ("From: feedback@arf.mail.example\nTo: fbl@recap.example\nSubject: Abuse report\nMessage-ID: " + messageId
                + "\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report; boundary=\"f\"\n\n"
                + "--f\nContent-Type: text/plain\n\nThis is an abuse report.\n--f\nContent-Type: message/feedback-report\n\n"
                + "Feedback-Type: abuse\nUser-Agent: Test-FBL/1.0\nVersion: 1\n\n--f\nContent-Type: text/rfc822-headers\n\n"
                + "From: digest@recap.example\nTo: redacted@mail.example\nSubject: Your digest\nMessage-ID: "
                + originalMessageId + "\n\n--f--\n").replace("\n", "\r\n");
    }

    private String subscriberStatus(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }

    private String subscriptionStatus(String email, NewsletterList list) {
        return jdbc.sql("select s.status from subscription s join subscriber u on u.id = s.subscriber_id"
                + " where u.email = ? and s.list_id = ?").params(email, list.id()).query(String.class).single();
    }

    private String suppressionReason(String email) {
        return jdbc.sql("select reason from suppression where email = ?").param(email).query(String.class).single();
    }

    private long deliveryId(String email) {
        return jdbc.sql("select d.id from delivery d join subscriber u on u.id = d.subscriber_id where u.email = ?")
                .param(email).query(Long.class).single();
    }

    private String deliveryStatus(String email) {
        return jdbc.sql("select d.status from delivery d join subscriber u on u.id = d.subscriber_id where u.email = ?")
                .param(email).query(String.class).single();
    }

    private String messageId(String email) {
        return jdbc.sql("select d.message_id from delivery d join subscriber u on u.id = d.subscriber_id"
                + " where u.email = ?").param(email).query(String.class).single();
    }

    private Map<String, String> loggedTypes(String source) {
        return jdbc.sql("select recipient, type from bounce_event where source = ?").param(source)
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
