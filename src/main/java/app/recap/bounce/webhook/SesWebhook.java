package app.recap.bounce.webhook;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.bounce.BounceSource;
import app.recap.bounce.BounceType;
import app.recap.bounce.Bounces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Amazon SES notifications through an SNS topic. Each SNS message is checked before anything is read from it: its
 * topic must be one of {@code recap.bounces.webhooks.ses.topic-arns}, its signature (version 1, SHA1withRSA, or 2,
 * SHA256withRSA, over SNS's canonical string of the message's fields) must verify with the certificate at
 * {@code SigningCertURL} on an SNS host, and its Timestamp be within {@code ses.max-age}; its MessageId is heard
 * once. A {@code SubscriptionConfirmation} is confirmed by fetching its SubscribeURL (on an SNS host);
 * {@code Notification}s carry SES's Bounce and Complaint events (notifications or event publishing).
 */
@Component
class SesWebhook {

    private static final Logger log = LoggerFactory.getLogger(SesWebhook.class);
    private static final String PROVIDER = "ses";
    /** The fields SNS signs, in its order; Subject only when the message has one. */
    private static final List<String> NOTIFICATION_FIELDS = List.of("Message", "MessageId", "Subject", "Timestamp",
            "TopicArn", "Type");
    private static final List<String> SUBSCRIPTION_FIELDS = List.of("Message", "MessageId", "SubscribeURL",
            "Timestamp", "Token", "TopicArn", "Type");

    private final WebhookProperties properties;
    private final SnsCertificates certificates;
    private final SnsHttp http;
    private final WebhookReceipts receipts;
    private final Bounces bounces;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SesWebhook(WebhookProperties properties, SnsCertificates certificates, SnsHttp http, WebhookReceipts receipts,
            Bounces bounces, JsonMapper json, PlatformTransactionManager transactions, Clock clock) {
        this.properties = properties;
        this.certificates = certificates;
        this.http = http;
        this.receipts = receipts;
        this.bounces = bounces;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * @param messageType the {@code x-amz-sns-message-type} header, may be null
     * @throws WebhookRefused when the message is not a genuine, fresh message of an accepted topic
     */
    Heard receive(String messageType, byte[] body) {
        WebhookProperties.Ses ses = properties.ses();
        if (!ses.enabled()) {
            throw WebhookRefused.off(PROVIDER);
        }
        JsonNode message = parse(body);
        String type = JsonText.of(message, "Type");
        String topic = JsonText.of(message, "TopicArn");
        String messageId = JsonText.of(message, "MessageId");
        if (type == null || messageId == null || JsonText.of(message, "Signature") == null) {
            throw WebhookRefused.unsigned("not a signed SNS message");
        }
        if (messageType != null && !messageType.equals(type)) {
            throw WebhookRefused.forged("x-amz-sns-message-type " + messageType + " but Type " + type);
        }
        if (topic == null || !ses.topicArns().contains(topic)) {
            throw WebhookRefused.forged("topic " + topic + " is not in recap.bounces.webhooks.ses.topic-arns");
        }
        verify(message, type);
        Instant now = clock.instant();
        fresh(message, now, ses.maxAge());
        return transaction.execute(tx -> {
            if (!receipts.firstTime(PROVIDER, messageId, now, ses.maxAge())) {
                log.info("SNS message {} heard before, ignored", messageId);
                return Heard.NOTHING;
            }
            return switch (type) {
                case "SubscriptionConfirmation" -> confirm(message, topic);
                case "Notification" -> notification(message, messageId);
                case "UnsubscribeConfirmation" -> {
                    log.warn("SNS topic {} no longer sends to this endpoint (UnsubscribeConfirmation {})", topic,
                            messageId);
                    yield Heard.NOTHING;
                }
                default -> {
                    log.info("SNS message {} of type {} ignored", messageId, type);
                    yield Heard.NOTHING;
                }
            };
        });
    }

    private void verify(JsonNode message, String type) {
        String version = JsonText.of(message, "SignatureVersion");
        String algorithm = "1".equals(version) ? "SHA1withRSA" : "2".equals(version) ? "SHA256withRSA" : null;
        if (algorithm == null) {
            throw WebhookRefused.forged("SignatureVersion " + version + " is neither 1 nor 2");
        }
        List<String> fields = "Notification".equals(type) ? NOTIFICATION_FIELDS
                : "SubscriptionConfirmation".equals(type) || "UnsubscribeConfirmation".equals(type)
                        ? SUBSCRIPTION_FIELDS : null;
        if (fields == null) {
            throw WebhookRefused.forged("SNS message type " + type + " is not one Recap verifies");
        }
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            String value = JsonText.of(message, field);
            if (value == null && "Subject".equals(field)) {
                continue;
            }
            if (value == null) {
                throw WebhookRefused.forged("SNS message without " + field);
            }
            canonical.append(field).append('\n').append(value).append('\n');
        }
        URI certificateUrl = SnsUrls.checked(JsonText.of(message, "SigningCertURL"), "SigningCertURL");
        try {
            Signature signature = Signature.getInstance(algorithm);
            signature.initVerify(certificates.at(certificateUrl));
            signature.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
            if (!signature.verify(Base64.getMimeDecoder().decode(JsonText.of(message, "Signature")))) {
                throw WebhookRefused.forged("SNS signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw WebhookRefused.forged("SNS signature does not verify: " + e.getMessage());
        }
    }

    private static void fresh(JsonNode message, Instant now, Duration maxAge) {
        Instant at;
        try {
            at = Instant.parse(JsonText.of(message, "Timestamp"));
        } catch (DateTimeParseException | NullPointerException e) {
            throw WebhookRefused.forged("SNS Timestamp unreadable");
        }
        if (Duration.between(at, now).abs().compareTo(maxAge) > 0) {
            throw WebhookRefused.forged("SNS Timestamp " + at + " is more than " + maxAge + " from now");
        }
    }

    private Heard confirm(JsonNode message, String topic) {
        URI subscribe = SnsUrls.checked(JsonText.of(message, "SubscribeURL"), "SubscribeURL");
        try {
            http.get(subscribe);
        } catch (IOException e) {
            log.warn("SNS subscription to {} could not be confirmed: {}", topic, e.getMessage());
            // no receipt: the transaction rolls back, and SNS sends the confirmation again
            throw new WebhookRefused(HttpStatus.SERVICE_UNAVAILABLE, "subscription could not be confirmed");
        }
        log.info("SNS subscription to {} confirmed", topic);
        return new Heard(0, true);
    }

    private Heard notification(JsonNode message, String messageId) {
        JsonNode ses;
        try {
            ses = json.readTree(JsonText.of(message, "Message"));
        } catch (JacksonException | IllegalArgumentException e) {
            log.info("SNS message {} carries no SES event, ignored", messageId);
            return Heard.NOTHING;
        }
        String kind = JsonText.of(ses, "notificationType") != null ? JsonText.of(ses, "notificationType")
                : JsonText.of(ses, "eventType");
        String ourMessageId = ourMessageId(ses.path("mail"));
        List<Bounces.Reported> events = new ArrayList<>();
        if ("Bounce".equals(kind)) {
            JsonNode bounce = ses.path("bounce");
            String bounceType = JsonText.of(bounce, "bounceType");
            String subType = JsonText.of(bounce, "bounceSubType");
            BounceType type = "Permanent".equals(bounceType) ? BounceType.HARD : BounceType.SOFT;
            String reason = (bounceType == null ? "undetermined" : bounceType.toLowerCase(Locale.ROOT))
                    + (subType == null ? "" : " (" + subType + ")");
            String id = feedbackId(bounce, messageId);
            for (JsonNode r : bounce.path("bouncedRecipients")) {
                String email = JsonText.of(r, "emailAddress");
                events.add(new Bounces.Reported(id + ":" + email, email, type, JsonText.of(r, "status"),
                        JsonText.of(r, "diagnosticCode"), reason, ourMessageId));
            }
        } else if ("Complaint".equals(kind)) {
            JsonNode complaint = ses.path("complaint");
            String feedbackType = JsonText.of(complaint, "complaintFeedbackType");
            String id = feedbackId(complaint, messageId);
            for (JsonNode r : complaint.path("complainedRecipients")) {
                String email = JsonText.of(r, "emailAddress");
                events.add(new Bounces.Reported(id + ":" + email, email, BounceType.COMPLAINT, null, null,
                        "complaint" + (feedbackType == null ? "" : " (" + feedbackType + ")"), ourMessageId));
            }
        } else {
            log.info("SNS message {}: SES {} ignored", messageId, kind);
            return Heard.NOTHING;
        }
        return Heard.of(bounces.applyReported(BounceSource.SES, events));
    }

    private static String feedbackId(JsonNode event, String snsMessageId) {
        String id = JsonText.of(event, "feedbackId");
        return id != null ? id : snsMessageId;
    }

    /** The Message-ID header of the message that bounced, as SES passes it on (common headers, or all headers). */
    private static String ourMessageId(JsonNode mail) {
        String id = JsonText.of(mail.path("commonHeaders"), "messageId");
        if (id != null) {
            return id;
        }
        for (JsonNode header : mail.path("headers")) {
            if ("message-id".equalsIgnoreCase(JsonText.of(header, "name"))) {
                return JsonText.of(header, "value");
            }
        }
        return null;
    }

    private JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw WebhookRefused.malformed("expected an SNS message (a JSON object)");
            }
            return node;
        } catch (JacksonException e) {
            throw WebhookRefused.malformed("not JSON");
        }
    }
}
