package app.recap.bounce.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each provider's webhook with real crypto and keys made here: a valid call acts (and finds its delivery by the
 * Message-ID the provider echoes), a tampered or unsigned one is refused and changes nothing, and a replayed one
 * answers 200 and changes nothing. Payloads follow the providers' documented formats
 * ({@code src/test/resources/webhooks}).
 */
@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:provider-webhooks;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/webhook-outbox",
        "recap.bounces.webhooks.max-body-size=64KB",
        "recap.bounces.webhooks.ses.topic-arns=" + ProviderWebhooksTests.TOPIC,
        "recap.bounces.webhooks.mailgun.signing-key=" + ProviderWebhooksTests.MAILGUN_KEY,
        "recap.bounces.webhooks.postmark.user=postmark", "recap.bounces.webhooks.postmark.password=s3cret-hook"})
@AutoConfigureMockMvc
@Tag("database")
class ProviderWebhooksTests {

    static final String TOPIC = "arn:aws:sns:eu-west-1:123456789012:recap-ses-events";
    static final String MAILGUN_KEY = "key-3ax6xnjp29jd6fds4gc373sgvjxteol0";
    static final String CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-"
            + "9c6465fa7f48f5cacd23014631ec1136.pem";

    static final KeyPair SNS_KEYS = keyPair("RSA", null);
    static final KeyPair FOREIGN_KEYS = keyPair("RSA", null);
    static final KeyPair SENDGRID_KEYS = keyPair("EC", new ECGenParameterSpec("secp256r1"));
    static final RecordingSnsHttp SNS = new RecordingSnsHttp();

    @DynamicPropertySource
    static void sendGridKey(DynamicPropertyRegistry registry) {
        registry.add("recap.bounces.webhooks.sendgrid.public-key",
                () -> Base64.getEncoder().encodeToString(SENDGRID_KEYS.getPublic().getEncoded()));
    }

    /** SNS's two fetches without a network: the test certificate, and confirmations that are only recorded. */
    static final class RecordingSnsHttp implements SnsHttp {
        final List<URI> fetched = new CopyOnWriteArrayList<>();
        volatile byte[] certificate;

        @Override
        public byte[] get(URI uri) throws IOException {
            fetched.add(uri);
            if (uri.getPath().endsWith(".pem")) {
                return certificate;
            }
            return "<ConfirmSubscriptionResponse/>".getBytes(StandardCharsets.UTF_8);
        }

        long count(String pathPart) {
            return fetched.stream().filter(u -> u.toString().contains(pathPart)).count();
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class NoNetwork {
        @Bean
        @Primary
        SnsHttp recordingSnsHttp() throws Exception {
            Instant now = Instant.now();
            SNS.fetched.clear();
            SNS.certificate = SelfSignedCertificate.pem(SelfSignedCertificate.of(SNS_KEYS, "sns.amazonaws.com",
                    now.minus(1, ChronoUnit.DAYS), now.plus(30, ChronoUnit.DAYS)));
            return SNS;
        }
    }

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    // ---------------------------------------------------------------- Amazon SES through SNS

    @Test
    void sesSubscriptionIsConfirmedOnceAndOnlyOnAnSnsHost() throws Exception {
        String good = sns("SubscriptionConfirmation", null, null, "2",
                "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=t1",
                SNS_KEYS.getPrivate(), Instant.now(), CERT_URL, null);
        ses("SubscriptionConfirmation", good).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
        assertThat(SNS.count("Token=t1")).isEqualTo(1);

        ses("SubscriptionConfirmation", good).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(SNS.count("Token=t1")).as("a replayed confirmation is not fetched again").isEqualTo(1);

        // genuinely signed by SNS's key, but its SubscribeURL leaves AWS: Recap must not call it
        String elsewhere = sns("SubscriptionConfirmation", null, null, "1",
                "https://attacker.example/?Action=ConfirmSubscription&Token=t2", SNS_KEYS.getPrivate(), Instant.now(),
                CERT_URL, null);
        ses("SubscriptionConfirmation", elsewhere).andExpect(status().isForbidden());
        assertThat(SNS.count("attacker.example")).isZero();

        String unsubscribed = sns("UnsubscribeConfirmation", null, null, "2",
                "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TOPIC + "&Token=t3",
                SNS_KEYS.getPrivate(), Instant.now(), CERT_URL, null);
        ses("UnsubscribeConfirmation", unsubscribed).andExpect(status().isOk());
        assertThat(SNS.count("Token=t3")).as("an unsubscription is not undone").isZero();
    }

    @Test
    void sesPermanentBounceSuppressesOnceAndATamperedOneChangesNothing() throws Exception {
        Sent sent = send("ses-hard");
        String id = UUID.randomUUID().toString();
        String bounce = fixture("ses-bounce-permanent.json", Map.of("recipient", sent.email(0), "messageId",
                sent.messageId(0), "id", id));
        String valid = sns("Notification", bounce, null, "1", null, SNS_KEYS.getPrivate(), Instant.now(), CERT_URL,
                null);

        // tampered: the SES event swapped for another reader's after signing
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = new LinkedHashMap<>(json.readValue(valid, Map.class));
        fields.put("Message", bounce.replace(sent.email(0), sent.email(1)));
        String tampered = json.writeValueAsString(fields);
        ses("Notification", tampered).andExpect(status().isForbidden());
        assertThat(events("ses")).isZero();
        assertThat(subscriberStatus(sent.email(1))).isEqualTo("ENABLED");

        ses("Notification", valid).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("BLOCKLISTED");
        assertThat(deliveryStatus(sent.email(0))).isEqualTo("BOUNCED");
        assertThat(jdbc.sql("select type || ' ' || status || ' ' || reason from bounce_event where source = 'ses'"
                + " and recipient = ?").param(sent.email(0)).query(String.class).single())
                .isEqualTo("HARD 5.1.1 user unknown");

        ses("Notification", valid).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(events("ses", sent.email(0))).isEqualTo(1);

        // the same event again under a new SNS message id (SES re-published it): still one event
        String again = sns("Notification", bounce, null, "2", null, SNS_KEYS.getPrivate(), Instant.now(), CERT_URL,
                null);
        ses("Notification", again).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(events("ses", sent.email(0))).isEqualTo(1);
        assertThat(SNS.count(CERT_URL)).as("the certificate is fetched once and kept").isEqualTo(1);
    }

    @Test
    void sesRefusesForeignSignersTopicsCertificateHostsAndStaleMessages() throws Exception {
        Sent sent = send("ses-refused");
        String bounce = fixture("ses-bounce-permanent.json", Map.of("recipient", sent.email(0), "messageId",
                sent.messageId(0), "id", UUID.randomUUID().toString()));
        ses("Notification", sns("Notification", bounce, null, "1", null, FOREIGN_KEYS.getPrivate(), Instant.now(),
                CERT_URL, null)).andExpect(status().isForbidden());
        ses("Notification", sns("Notification", bounce, null, "1", null, SNS_KEYS.getPrivate(), Instant.now(),
                CERT_URL, "arn:aws:sns:eu-west-1:999999999999:someone-elses")).andExpect(status().isForbidden());
        ses("Notification", sns("Notification", bounce, null, "1", null, SNS_KEYS.getPrivate(), Instant.now(),
                "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem", null))
                .andExpect(status().isForbidden());
        ses("Notification", sns("Notification", bounce, null, "1", null, SNS_KEYS.getPrivate(), Instant.now(),
                "http://sns.eu-west-1.amazonaws.com/cert.pem", null)).andExpect(status().isForbidden());
        ses("Notification", sns("Notification", bounce, null, "2", null, SNS_KEYS.getPrivate(),
                Instant.now().minus(Duration.ofMinutes(61)), CERT_URL, null)).andExpect(status().isForbidden());
        mvc.perform(post("/webhooks/ses").contentType(MediaType.TEXT_PLAIN).content("{\"Type\":\"Notification\"}"))
                .andExpect(status().isUnauthorized());
        assertThat(SNS.count("attacker.example") + SNS.count("http://")).isZero();
        assertThat(events("ses", sent.email(0))).isZero();
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("ENABLED");

        // within the hour SNS may take to retry, a message is still heard
        ses("Notification", sns("Notification", bounce, "Amazon SES Email Event Notification", "2", null,
                SNS_KEYS.getPrivate(), Instant.now().minus(Duration.ofMinutes(50)), CERT_URL, null))
                .andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
    }

    @Test
    void sesTransientBounceIsSoftAndAComplaintUnsubscribes() throws Exception {
        Sent sent = send("ses-soft");
        String soft = fixture("ses-bounce-transient.json", Map.of("recipient", sent.email(0), "messageId",
                sent.messageId(0), "id", UUID.randomUUID().toString()));
        ses("Notification", sns("Notification", soft, null, "2", null, SNS_KEYS.getPrivate(), Instant.now(), CERT_URL,
                null)).andExpect(status().isOk());
        assertThat(loggedType("ses", sent.email(0))).isEqualTo("SOFT");
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("ENABLED");

        String complaint = fixture("ses-complaint.json", Map.of("recipient", sent.email(1), "messageId",
                sent.messageId(1), "id", UUID.randomUUID().toString()));
        ses("Notification", sns("Notification", complaint, null, "1", null, SNS_KEYS.getPrivate(), Instant.now(),
                CERT_URL, null)).andExpect(status().isOk());
        assertThat(loggedType("ses", sent.email(1))).isEqualTo("COMPLAINT");
        assertThat(deliveryStatus(sent.email(1))).isEqualTo("COMPLAINED");
        assertThat(subscriptionStatus(sent.email(1), sent.list())).isEqualTo("UNSUBSCRIBED");
        assertThat(suppressionReason(sent.email(1))).isEqualTo("complaint");
    }

    // ---------------------------------------------------------------- SendGrid

    @Test
    void sendGridSignedEventsActOnceAndATamperedBatchChangesNothing() throws Exception {
        Sent sent = send("sendgrid");
        String id = UUID.randomUUID().toString();
        Map<String, String> values = new LinkedHashMap<>(Map.of("id", id, "hard", sent.email(0), "hardMessageId",
                sent.messageId(0), "blocked", sent.email(1), "blockedMessageId", sent.messageId(1), "complainer",
                sent.email(2), "complainerMessageId", sent.messageId(2), "deferred", sent.email(3)));
        values.putAll(Map.of("deferredMessageId", sent.messageId(3), "dropped", "dropped@example.com",
                "delivered", sent.email(4), "deliveredMessageId", sent.messageId(4)));
        String body = fixture("sendgrid-events.json", values);
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String signature = sendGridSignature(timestamp, body);

        // tampered: another reader's address in the signed batch
        sendGrid(body.replace(sent.email(4), sent.email(0)), timestamp, signature).andExpect(status().isForbidden());
        sendGrid(body, String.valueOf(Instant.now().getEpochSecond() + 1), signature)
                .andExpect(status().isForbidden());
        mvc.perform(post("/webhooks/sendgrid").contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isUnauthorized());
        assertThat(events("sendgrid")).isZero();

        sendGrid(body, timestamp, signature).andExpect(status().isOk())
                .andExpect(jsonPath("$.events").value(6)).andExpect(jsonPath("$.applied").value(true));
        assertThat(loggedType("sendgrid", sent.email(0))).isEqualTo("HARD");
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("BLOCKLISTED");
        assertThat(deliveryStatus(sent.email(0))).isEqualTo("BOUNCED");
        assertThat(loggedType("sendgrid", sent.email(1))).as("blocked is about the sender").isEqualTo("SOFT");
        assertThat(subscriberStatus(sent.email(1))).isEqualTo("ENABLED");
        assertThat(loggedType("sendgrid", sent.email(2))).isEqualTo("COMPLAINT");
        assertThat(subscriptionStatus(sent.email(2), sent.list())).isEqualTo("UNSUBSCRIBED");
        assertThat(events("sendgrid", sent.email(3))).as("two deferrals of one message count once").isEqualTo(1);
        assertThat(loggedType("sendgrid", "dropped@example.com")).isEqualTo("HARD");
        assertThat(events("sendgrid", sent.email(4))).as("delivered is no bounce").isZero();
        long stored = events("sendgrid");

        sendGrid(body, timestamp, signature).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(events("sendgrid")).isEqualTo(stored);

        String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        sendGrid(body, stale, sendGridSignature(stale, body)).andExpect(status().isForbidden());
    }

    // ---------------------------------------------------------------- Mailgun

    @Test
    void mailgunTokenIsHeardOnceEvenWithAnotherBody() throws Exception {
        Sent sent = send("mailgun");
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        String token = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        String id = UUID.randomUUID().toString();
        String failed = mailgun("mailgun-failed-permanent.json", timestamp, token, mailgunSignature(timestamp, token),
                sent.email(0), sent.messageId(0), id);

        String forged = mailgun("mailgun-failed-permanent.json", timestamp, token,
                mailgunSignature(timestamp, token).replace('a', 'b').replace('1', '2'), sent.email(0),
                sent.messageId(0), id);
        mailgunPost(forged).andExpect(status().isForbidden());
        mailgunPost(failed.replace("\"signature\": {", "\"nothing\": {")).andExpect(status().isUnauthorized());
        assertThat(events("mailgun")).isZero();

        mailgunPost(failed).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
        assertThat(loggedType("mailgun", sent.email(0))).isEqualTo("HARD");
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("BLOCKLISTED");
        assertThat(deliveryStatus(sent.email(0))).isEqualTo("BOUNCED");

        // Mailgun signs only timestamp and token: the same proof on another event must not be heard
        String replayedOnAnother = mailgun("mailgun-failed-permanent.json", timestamp, token,
                mailgunSignature(timestamp, token), sent.email(1), sent.messageId(1), UUID.randomUUID().toString());
        mailgunPost(replayedOnAnother).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        mailgunPost(failed).andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(events("mailgun")).isEqualTo(1);
        assertThat(subscriberStatus(sent.email(1))).isEqualTo("ENABLED");

        String temporary = mailgun("mailgun-failed-permanent.json", timestamp, token + "2",
                mailgunSignature(timestamp, token + "2"), sent.email(2), sent.messageId(2), UUID.randomUUID().toString())
                .replace("\"permanent\"", "\"temporary\"");
        mailgunPost(temporary).andExpect(status().isOk());
        assertThat(loggedType("mailgun", sent.email(2))).isEqualTo("SOFT");

        String complained = mailgun("mailgun-complained.json", timestamp, token + "3",
                mailgunSignature(timestamp, token + "3"), sent.email(3), sent.messageId(3), id);
        mailgunPost(complained).andExpect(status().isOk());
        assertThat(loggedType("mailgun", sent.email(3))).isEqualTo("COMPLAINT");
        assertThat(suppressionReason(sent.email(3))).isEqualTo("complaint");

        String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        mailgunPost(mailgun("mailgun-failed-permanent.json", stale, token + "4", mailgunSignature(stale, token + "4"),
                sent.email(4), sent.messageId(4), UUID.randomUUID().toString())).andExpect(status().isForbidden());
        assertThat(events("mailgun", sent.email(4))).isZero();
    }

    // ---------------------------------------------------------------- Postmark

    @Test
    void postmarkNeedsItsCredentialsAndHearsEachRecordOnce() throws Exception {
        Sent sent = send("postmark");
        long id = Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L);
        String hard = fixture("postmark-bounce.json", Map.of("id", String.valueOf(id), "type", "HardBounce",
                "typeCode", "1", "name", "Hard bounce", "details", "smtp;550 5.1.1 The email account that you tried"
                        + " to reach does not exist.", "recipient", sent.email(0)));

        postmark(hard, "postmark", "wrong-password").andExpect(status().isUnauthorized());
        mvc.perform(post("/webhooks/postmark").contentType(MediaType.APPLICATION_JSON).content(hard))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic")));
        assertThat(events("postmark")).isZero();

        postmark(hard, "postmark", "s3cret-hook").andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(true));
        assertThat(loggedType("postmark", sent.email(0))).isEqualTo("HARD");
        assertThat(subscriberStatus(sent.email(0))).isEqualTo("BLOCKLISTED");
        postmark(hard, "postmark", "s3cret-hook").andExpect(status().isOk()).andExpect(jsonPath("$.applied").value(false));
        assertThat(events("postmark")).isEqualTo(1);

        String dns = fixture("postmark-bounce.json", Map.of("id", String.valueOf(id + 1), "type", "DnsError",
                "typeCode", "256", "name", "DNS error", "details", "DNS lookup failed", "recipient", sent.email(1)));
        postmark(dns, "postmark", "s3cret-hook").andExpect(status().isOk());
        assertThat(jdbc.sql("select type || ' ' || reason from bounce_event where source = 'postmark' and recipient = ?")
                .param(sent.email(1)).query(String.class).single()).isEqualTo("SOFT dns error");

        String complaint = fixture("postmark-spam-complaint.json", Map.of("id", String.valueOf(id + 2), "recipient",
                sent.email(2)));
        postmark(complaint, "postmark", "s3cret-hook").andExpect(status().isOk());
        assertThat(loggedType("postmark", sent.email(2))).isEqualTo("COMPLAINT");
        assertThat(suppressionReason(sent.email(2))).isEqualTo("complaint");
    }

    @Test
    void aBodyOverTheLimitIsRefusedUnread() throws Exception {
        byte[] big = new byte[65 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        mvc.perform(post("/webhooks/postmark").contentType(MediaType.APPLICATION_JSON).content(big)
                .header("Authorization", basic("postmark", "s3cret-hook")))
                .andExpect(status().isPayloadTooLarge());
    }

    // ---------------------------------------------------------------- fixtures and calls

    record Sent(NewsletterList list, List<String> emails, List<String> messageIds) {
        String email(int i) {
            return emails.get(i);
        }

        String messageId(int i) {
            return messageIds.get(i);
        }
    }

    /** A list of five readers who have each been sent this week's edition (into the outbox). */
    private Sent send(String slug) throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers(slug, 5);
        DigestRun run = weeklyDigest.run(slug, IsoWeek.parse(TestWorld.WEEK));
        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        List<String> emails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String email = slug + "-reader" + i + "@example.com";
            emails.add(email);
            ids.add(jdbc.sql("select d.message_id from delivery d join subscriber u on u.id = d.subscriber_id"
                    + " where u.email = ?").param(email).query(String.class).single());
        }
        return new Sent(list, emails, ids);
    }

    private static String fixture(String name, Map<String, String> values) throws IOException {
        String text = new ClassPathResource("webhooks/" + name).getContentAsString(StandardCharsets.UTF_8);
        for (var e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        assertThat(text).doesNotContain("{{");
        return text;
    }

    /** An SNS message as SNS signs it (canonical string of the documented fields, SignatureVersion 1 or 2). */
    private String sns(String type, String message, String subject, String version, String subscribeUrl,
            PrivateKey key, Instant timestamp, String certUrl, String topic) throws Exception {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Type", type);
        m.put("MessageId", UUID.randomUUID().toString());
        if (subscribeUrl != null) {
            m.put("Token", "2336412f37fb687f5d51e6e2425dacbbaed9b5b0a8b1ee1f4a4d2b9f5f3e54");
        }
        m.put("TopicArn", topic != null ? topic : TOPIC);
        if (subject != null) {
            m.put("Subject", subject);
        }
        m.put("Message", message != null ? message
                : "You have chosen to subscribe to the topic " + TOPIC + ".\nTo confirm the subscription, visit the"
                        + " SubscribeURL included in this message.");
        if (subscribeUrl != null) {
            m.put("SubscribeURL", subscribeUrl);
        }
        m.put("Timestamp", timestamp.truncatedTo(ChronoUnit.MILLIS).toString());
        m.put("SignatureVersion", version);
        List<String> signed = "Notification".equals(type)
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String field : signed) {
            if (m.containsKey(field)) {
                canonical.append(field).append('\n').append(m.get(field)).append('\n');
            }
        }
        Signature rsa = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
        rsa.initSign(key);
        rsa.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        m.put("Signature", Base64.getEncoder().encodeToString(rsa.sign()));
        m.put("SigningCertURL", certUrl);
        if ("Notification".equals(type)) {
            m.put("UnsubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                    + TOPIC + ":1");
        }
        return json.writeValueAsString(m);
    }

    private ResultActions ses(String type, String body) throws Exception {
        // SNS posts JSON as text/plain
        return mvc.perform(post("/webhooks/ses").contentType(MediaType.TEXT_PLAIN).header("x-amz-sns-message-type", type)
                .content(body));
    }

    private static String sendGridSignature(String timestamp, String body) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(SENDGRID_KEYS.getPrivate());
        ecdsa.update((timestamp + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }

    private ResultActions sendGrid(String body, String timestamp, String signature) throws Exception {
        return mvc.perform(post("/webhooks/sendgrid").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("X-Twilio-Email-Event-Webhook-Signature", signature)
                .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp));
    }

    private static String mailgunSignature(String timestamp, String token) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(MAILGUN_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
    }

    private static String mailgun(String fixture, String timestamp, String token, String signature, String recipient,
            String messageId, String id) throws Exception {
        // Mailgun echoes the Message-ID header without its angle brackets
        return fixture(fixture, Map.of("timestamp", timestamp, "token", token, "signature", signature, "recipient",
                recipient, "messageId", messageId.replaceAll("^<|>$", ""), "id", id));
    }

    private ResultActions mailgunPost(String body) throws Exception {
        return mvc.perform(post("/webhooks/mailgun").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions postmark(String body, String user, String password) throws Exception {
        return mvc.perform(post("/webhooks/postmark").contentType(MediaType.APPLICATION_JSON).content(body)
                .header("Authorization", basic(user, password)));
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private long events(String source) {
        return jdbc.sql("select count(*) from bounce_event where source = ?").param(source).query(Long.class).single();
    }

    private long events(String source, String email) {
        return jdbc.sql("select count(*) from bounce_event where source = ? and recipient = ?").params(source, email)
                .query(Long.class).single();
    }

    private String loggedType(String source, String email) {
        return jdbc.sql("select type from bounce_event where source = ? and recipient = ?").params(source, email)
                .query(String.class).single();
    }

    private String subscriberStatus(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }

    private String deliveryStatus(String email) {
        return jdbc.sql("select d.status from delivery d join subscriber u on u.id = d.subscriber_id where u.email = ?")
                .param(email).query(String.class).single();
    }

    private String subscriptionStatus(String email, NewsletterList list) {
        return jdbc.sql("select s.status from subscription s join subscriber u on u.id = s.subscriber_id"
                + " where u.email = ? and s.list_id = ?").params(email, list.id()).query(String.class).single();
    }

    private String suppressionReason(String email) {
        return jdbc.sql("select reason from suppression where email = ?").param(email).query(String.class).single();
    }

    private static KeyPair keyPair(String algorithm, ECGenParameterSpec spec) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (spec != null) {
                generator.initialize(spec);
            } else {
                generator.initialize(2048);
            }
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
