package app.recap.preferences;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs and verifies link tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}. Tokens carry
 * no secret data; their signature is what makes them unguessable.
 */
@Component
public class LinkTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String SECRET_NAME = "link-signing-key";

    private final List<byte[]> keys;
    private final Clock clock;

    LinkTokens(TokenProperties properties, JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        List<byte[]> configured = new ArrayList<>();
        properties.secrets().forEach(s -> configured.add(s.getBytes(StandardCharsets.UTF_8)));
        if (configured.isEmpty()) {
            configured.add(storedKey(jdbc, clock).getBytes(StandardCharsets.UTF_8));
        }
        this.keys = List.copyOf(configured);
    }

    public String sign(LinkToken token) {
        String payload = token.purpose().code + "." + Long.toString(token.subscriberId(), 36) + "."
                + Long.toString(token.listId(), 36) + "." + Long.toString(token.expiresAt(), 36);
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(keys.get(0), bytes));
    }

    /** The token's claims if the signature is valid (under any configured key) and it has not expired. */
    public Optional<LinkToken> verify(String token, LinkToken.Purpose expected) {
        try {
            String[] parts = token.split("\\.");
            if (parts.length != 2) {
                return Optional.empty();
            }
            byte[] payload = B64D.decode(parts[0]);
            byte[] signature = B64D.decode(parts[1]);
            boolean valid = keys.stream().anyMatch(k -> MessageDigest.isEqual(mac(k, payload), signature));
            if (!valid) {
                return Optional.empty();
            }
            String[] fields = new String(payload, StandardCharsets.US_ASCII).split("\\.");
            LinkToken claims = new LinkToken(LinkToken.Purpose.ofCode(fields[0]), Long.parseLong(fields[1], 36),
                    Long.parseLong(fields[2], 36), Long.parseLong(fields[3], 36));
            if (claims.purpose() != expected) {
                return Optional.empty();
            }
            if (claims.expiresAt() != 0 && clock.instant().getEpochSecond() > claims.expiresAt()) {
                return Optional.empty();
            }
            return Optional.of(claims);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException malformed) {
            return Optional.empty();
        }
    }

    /** One initialised Mac per key and thread: signing runs twice per message on the send path. */
    private final Map<byte[], ThreadLocal<Mac>> macs = new java.util.IdentityHashMap<>();

    private byte[] mac(byte[] key, byte[] payload) {
        ThreadLocal<Mac> local;
        synchronized (macs) {
            local = macs.computeIfAbsent(key, k -> ThreadLocal.withInitial(() -> newMac(k)));
        }
        // 128 bits of the tag are plenty against guessing and keep links short
        return Arrays.copyOf(local.get().doFinal(payload), 16);
    }

    private static Mac newMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static String storedKey(JdbcClient jdbc, Clock clock) {
        Optional<String> stored = jdbc.sql("select secret from app_secret where name = ?").param(SECRET_NAME)
                .query(String.class).optional();
        if (stored.isPresent()) {
            return stored.get();
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            jdbc.sql("insert into app_secret (name, secret, created_at) values (?, ?, ?)")
                    .params(SECRET_NAME, B64.encodeToString(random), clock.instant().atOffset(ZoneOffset.UTC)).update();
        } catch (DuplicateKeyException raced) {
            // another node generated it first; use theirs
        }
        return jdbc.sql("select secret from app_secret where name = ?").param(SECRET_NAME).query(String.class).single();
    }
}
