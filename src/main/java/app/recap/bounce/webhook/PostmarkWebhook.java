package app.recap.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.recap.bounce.BounceSource;
import app.recap.bounce.BounceType;
import app.recap.bounce.Bounces;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Postmark's bounce and spam complaint webhooks. Postmark signs nothing: the webhook's URL carries credentials
 * ({@code https://user:password@host/webhooks/postmark}, or its HTTP auth settings), which arrive as HTTP basic
 * authentication and are compared in constant time. Postmark sends no timestamp to bound a replay by; each record
 * is heard once by its {@code ID}. Bounce types: HardBounce, BadEmailAddress and AddressChange hard; SoftBounce,
 * Transient, DnsError, Blocked, DMARCPolicy, VirusNotification, SMTPApiError and Unknown soft; SpamNotification
 * and SpamComplaint complaints; AutoResponder and ChallengeVerification auto-replies; the rest change nothing.
 */
@Component
class PostmarkWebhook {

    private static final Logger log = LoggerFactory.getLogger(PostmarkWebhook.class);
    private static final Set<String> HARD = Set.of("HardBounce", "BadEmailAddress", "AddressChange");
    private static final Set<String> SOFT = Set.of("SoftBounce", "Transient", "DnsError", "Blocked", "DMARCPolicy",
            "VirusNotification", "SMTPApiError", "Unknown");
    private static final Set<String> COMPLAINT = Set.of("SpamNotification", "SpamComplaint");
    private static final Set<String> AUTO_REPLY = Set.of("AutoResponder", "ChallengeVerification");

    private final WebhookProperties properties;
    private final Bounces bounces;
    private final JsonMapper json;

    PostmarkWebhook(WebhookProperties properties, Bounces bounces, JsonMapper json) {
        this.properties = properties;
        this.bounces = bounces;
        this.json = json;
    }

    /** @throws WebhookRefused (401) without the configured credentials */
    Heard receive(String authorization, byte[] body) {
        WebhookProperties.Postmark postmark = properties.postmark();
        if (!postmark.enabled()) {
            throw WebhookRefused.off("postmark");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw WebhookRefused.unsigned("HTTP basic credentials required");
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            throw WebhookRefused.unsigned("HTTP basic credentials unreadable");
        }
        byte[] expected = (postmark.user() + ":" + postmark.password()).getBytes(StandardCharsets.UTF_8);
        // digests first, so neither the length nor the first differing byte shows in the time taken
        if (!MessageDigest.isEqual(sha256(given), sha256(expected))) {
            throw WebhookRefused.unsigned("HTTP basic credentials do not match");
        }
        JsonNode record;
        try {
            record = json.readTree(body);
        } catch (JacksonException e) {
            throw WebhookRefused.malformed("not JSON");
        }
        String recordType = JsonText.of(record, "RecordType");
        String id = JsonText.of(record, "ID");
        String type = JsonText.of(record, "Type");
        if (id == null || !("Bounce".equals(recordType) || "SpamComplaint".equals(recordType))) {
            log.info("Postmark record {} of type {} ignored", id, recordType);
            return Heard.NOTHING;
        }
        BounceType bounceType = "SpamComplaint".equals(recordType) || COMPLAINT.contains(type) ? BounceType.COMPLAINT
                : HARD.contains(type) ? BounceType.HARD : SOFT.contains(type) ? BounceType.SOFT
                : AUTO_REPLY.contains(type) ? BounceType.AUTO_REPLY : null;
        if (bounceType == null) {
            log.info("Postmark bounce {} of type {} ignored", id, type);
            return Heard.NOTHING;
        }
        String name = JsonText.of(record, "Name");
        String reason = name != null ? name.toLowerCase(java.util.Locale.ROOT) : type;
        String diagnostic = bounceType == BounceType.COMPLAINT ? null : JsonText.of(record, "Details");
        return Heard.of(bounces.applyReported(BounceSource.POSTMARK, List.of(new Bounces.Reported(id,
                JsonText.of(record, "Email"), bounceType, null, diagnostic, reason, null))));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
