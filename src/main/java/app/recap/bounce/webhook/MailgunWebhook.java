package app.recap.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Mailgun's webhooks (JSON): {@code signature.signature} is the HMAC-SHA256 of {@code timestamp + token} under the
 * webhook signing key. That signs neither the body nor the event, so the token is accepted once (while its
 * timestamp is within {@code recap.bounces.webhooks.max-age}); otherwise one captured call would sign any event.
 * {@code failed} events are bounces (severity permanent: hard, temporary: soft), {@code complained} complaints;
 * each is also heard once by its event id.
 */
@Component
class MailgunWebhook {

    private static final Logger log = LoggerFactory.getLogger(MailgunWebhook.class);
    private static final String PROVIDER = "mailgun";

    private final WebhookProperties properties;
    private final WebhookReceipts receipts;
    private final Bounces bounces;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    MailgunWebhook(WebhookProperties properties, WebhookReceipts receipts, Bounces bounces, JsonMapper json,
            PlatformTransactionManager transactions, Clock clock) {
        this.properties = properties;
        this.receipts = receipts;
        this.bounces = bounces;
        this.json = json;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** @throws WebhookRefused when unsigned, signed with another key, or stale */
    Heard receive(byte[] body) {
        if (!properties.mailgun().enabled()) {
            throw WebhookRefused.off(PROVIDER);
        }
        JsonNode call;
        try {
            call = json.readTree(body);
        } catch (JacksonException e) {
            throw WebhookRefused.malformed("not JSON");
        }
        JsonNode proof = call == null ? null : call.path("signature");
        String timestamp = JsonText.of(proof, "timestamp");
        String token = JsonText.of(proof, "token");
        String signature = JsonText.of(proof, "signature");
        if (timestamp == null || token == null || signature == null) {
            throw WebhookRefused.unsigned("no signature.timestamp, signature.token and signature.signature");
        }
        if (!MessageDigest.isEqual(hmac(timestamp + token).getBytes(StandardCharsets.US_ASCII),
                signature.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw WebhookRefused.forged("Mailgun signature does not verify");
        }
        Instant now = clock.instant();
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            throw WebhookRefused.forged("Mailgun timestamp unreadable");
        }
        if (Duration.between(at, now).abs().compareTo(properties.maxAge()) > 0) {
            throw WebhookRefused.forged("Mailgun timestamp " + at + " is more than " + properties.maxAge()
                    + " from now");
        }
        JsonNode event = call.path("event-data");
        return transaction.execute(tx -> {
            if (!receipts.firstTime(PROVIDER, token, now, properties.maxAge())) {
                log.info("Mailgun token {} heard before, ignored", token);
                return Heard.NOTHING;
            }
            Bounces.Reported reported = reported(event);
            return reported == null ? Heard.NOTHING
                    : Heard.of(bounces.applyReported(BounceSource.MAILGUN, List.of(reported)));
        });
    }

    private static Bounces.Reported reported(JsonNode event) {
        String name = JsonText.of(event, "event");
        String id = JsonText.of(event, "id");
        String email = JsonText.of(event, "recipient");
        String messageId = JsonText.of(event.path("message").path("headers"), "message-id");
        if (id == null || name == null) {
            return null;
        }
        if ("failed".equals(name)) {
            JsonNode status = event.path("delivery-status");
            boolean permanent = "permanent".equals(JsonText.of(event, "severity"));
            String reason = JsonText.of(event, "reason");
            String diagnostic = JsonText.of(status, "message") != null ? JsonText.of(status, "message")
                    : JsonText.of(status, "description");
            String code = JsonText.of(status, "code");
            if (diagnostic != null && code != null && !diagnostic.startsWith(code)) {
                diagnostic = code + " " + diagnostic;
            }
            return new Bounces.Reported(id, email, permanent ? BounceType.HARD : BounceType.SOFT,
                    JsonText.of(status, "enhanced-code"), diagnostic,
                    (permanent ? "permanent" : "temporary") + (reason == null ? "" : " (" + reason + ")"), messageId);
        }
        if ("complained".equals(name)) {
            return new Bounces.Reported(id, email, BounceType.COMPLAINT, null, null, "complaint", messageId);
        }
        return null;
    }

    private String hmac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.mailgun().signingKey().strip().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
