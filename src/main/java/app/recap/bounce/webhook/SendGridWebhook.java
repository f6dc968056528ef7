package app.recap.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import app.recap.bounce.BounceSource;
import app.recap.bounce.BounceType;
import app.recap.bounce.Bounces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SendGrid's Event Webhook with its signed events: an ECDSA (P-256, SHA256withECDSA) signature over the timestamp
 * header followed by the raw body, verified with the configured public key; the timestamp within
 * {@code recap.bounces.webhooks.max-age}. Each event is heard once by its {@code sg_event_id}: {@code bounce} (type
 * bounce: hard; blocked: soft), {@code dropped} (an address SendGrid itself suppressed: Bounced Address and Invalid
 * hard, Spam Reporting Address a complaint, the rest soft), {@code spamreport} (complaint) and {@code deferred}
 * (soft, once per message however often SendGrid retries it, so a slow but working server does not add up to a
 * suppression). Other events (processed, delivered, open, click, unsubscribe) change nothing.
 */
@Component
class SendGridWebhook {

    static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";

    private final WebhookProperties properties;
    private final Bounces bounces;
    private final JsonMapper json;
    private final Clock clock;
    private final PublicKey publicKey;

    SendGridWebhook(WebhookProperties properties, Bounces bounces, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.bounces = bounces;
        this.json = json;
        this.clock = clock;
        this.publicKey = properties.sendgrid().enabled() ? publicKey(properties.sendgrid().publicKey()) : null;
    }

    /** @throws WebhookRefused when unsigned, not signed with the configured key, or stale */
    Heard receive(String signature, String timestamp, byte[] body) {
        if (publicKey == null) {
            throw WebhookRefused.off("sendgrid");
        }
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            throw WebhookRefused.unsigned("no " + SIGNATURE + " and " + TIMESTAMP);
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(publicKey);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            if (!ecdsa.verify(Base64.getDecoder().decode(signature.strip()))) {
                throw WebhookRefused.forged("SendGrid signature does not verify");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw WebhookRefused.forged("SendGrid signature does not verify: " + e.getMessage());
        }
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException e) {
            throw WebhookRefused.forged("SendGrid timestamp unreadable");
        }
        if (Duration.between(at, clock.instant()).abs().compareTo(properties.maxAge()) > 0) {
            throw WebhookRefused.forged("SendGrid timestamp " + at + " is more than " + properties.maxAge()
                    + " from now");
        }
        JsonNode events;
        try {
            events = json.readTree(body);
        } catch (JacksonException e) {
            throw WebhookRefused.malformed("not JSON");
        }
        if (events == null || !events.isArray()) {
            throw WebhookRefused.malformed("expected a JSON array of events");
        }
        List<Bounces.Reported> reported = new ArrayList<>();
        for (JsonNode event : events) {
            Bounces.Reported r = reported(event);
            if (r != null) {
                reported.add(r);
            }
        }
        return reported.isEmpty() ? Heard.NOTHING : Heard.of(bounces.applyReported(BounceSource.SENDGRID, reported));
    }

    private static Bounces.Reported reported(JsonNode event) {
        String name = JsonText.of(event, "event");
        String id = JsonText.of(event, "sg_event_id");
        String email = JsonText.of(event, "email");
        String reason = JsonText.of(event, "reason");
        String status = JsonText.of(event, "status");
        String messageId = JsonText.of(event, "smtp-id");
        if (name == null || id == null) {
            return null;
        }
        return switch (name) {
            case "bounce" -> {
                boolean blocked = "blocked".equals(JsonText.of(event, "type"));
                yield new Bounces.Reported(id, email, blocked ? BounceType.SOFT : BounceType.HARD, status, reason,
                        blocked ? "blocked" : "bounced", messageId);
            }
            case "dropped" -> {
                String why = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
                BounceType type = why.startsWith("bounced address") || why.startsWith("invalid") ? BounceType.HARD
                        : why.startsWith("spam reporting address") ? BounceType.COMPLAINT : BounceType.SOFT;
                yield new Bounces.Reported(id, email, type, status, null,
                        "dropped by SendGrid" + (reason == null ? "" : ": " + reason), messageId);
            }
            case "spamreport" -> new Bounces.Reported(id, email, BounceType.COMPLAINT, null, null, "complaint",
                    messageId);
            case "deferred" -> {
                String message = JsonText.of(event, "sg_message_id");
                yield new Bounces.Reported(message != null ? "deferred:" + message : id, email, BounceType.SOFT,
                        status, JsonText.of(event, "response") != null ? JsonText.of(event, "response") : reason,
                        "deferred", messageId);
            }
            default -> null;
        };
    }

    private static PublicKey publicKey(String base64) {
        try {
            String der = base64.replaceAll("-----(BEGIN|END) PUBLIC KEY-----|\\s", "");
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("recap.bounces.webhooks.sendgrid.public-key is not a base64 DER EC public"
                    + " key: " + e.getMessage(), e);
        }
    }
}
