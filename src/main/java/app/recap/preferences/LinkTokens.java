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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signs and verifies link tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(payload))}, the payload
 * being purpose, subscriber, list and expiry. Tokens carry no secret data; their signature is what makes them
 * unguessable, and the purpose inside the signed payload is what scopes them.
 *
 * <p>Keys: the first of {@code recap.tokens.secrets} signs, every one of them verifies, so a key is rotated by
 * putting the new one first and dropping the old one once its links may go stale. The key Recap generated for
 * itself (used while no secret is configured) keeps verifying after secrets are configured, so configuring them
 * later breaks no link already sent; deleting its {@code app_secret} row revokes it.
 */
@Component
public class LinkTokens {

    private static final Logger log = LoggerFactory.getLogger(LinkTokens.class);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String SECRET_NAME = "link-signing-key";
    /** Below this a configured key is guessable offline from any one link; 32 random bytes is what we generate. */
    private static final int MIN_SECRET_LENGTH = 32;

    private final List<byte[]> keys;
    private final Clock clock;

    @Autowired
    LinkTokens(TokenProperties properties, JdbcClient jdbc, Clock clock) {
        this(keys(properties, jdbc, clock), clock);
    }

    /** @param keys the first signs, all verify */
    LinkTokens(List<byte[]> keys, Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        this.keys = List.copyOf(keys);
        this.clock = clock;
    }

    public String sign(LinkToken token) {
        String payload = token.purpose().code + "." + Long.toString(token.subscriberId(), 36) + "."
                + Long.toString(token.listId(), 36) + "." + Long.toString(token.expiresAt(), 36);
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        return B64.encodeToString(bytes) + "." + B64.encodeToString(mac(keys.get(0), bytes));
    }

    /** The token's claims if the signature is valid (under any configured key) and it has not expired. */
    public Optional<LinkToken> verify(String token, LinkToken.Purpose expected) {
        LinkToken.Verification v = check(token, expected);
        return v.valid() ? Optional.of(v.claims()) : Optional.empty();
    }

    /**
     * Checks a token for one purpose. Claims are only ever read from a token whose signature is valid, so an
     * {@link LinkToken.Check#EXPIRED} result can be trusted to name the subscriber and list.
     */
    public LinkToken.Verification check(String token, LinkToken.Purpose expected) {
        if (token == null || token.length() > 200) {
            return LinkToken.Verification.INVALID;
        }
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length != 2) {
                return LinkToken.Verification.INVALID;
            }
            byte[] payload = B64D.decode(parts[0]);
            byte[] signature = B64D.decode(parts[1]);
            // the decoder ignores stray low bits in the last character: accept only the one canonical spelling
            if (!B64.encodeToString(payload).equals(parts[0]) || !B64.encodeToString(signature).equals(parts[1])) {
                return LinkToken.Verification.INVALID;
            }
            boolean valid = false;
            for (byte[] key : keys) {
                // every key is tried, so the time taken does not say which key matched
                valid |= MessageDigest.isEqual(mac(key, payload), signature);
            }
            if (!valid) {
                return LinkToken.Verification.INVALID;
            }
            String[] fields = new String(payload, StandardCharsets.US_ASCII).split("\\.", -1);
            if (fields.length != 4) {
                return LinkToken.Verification.INVALID;
            }
            LinkToken claims = new LinkToken(LinkToken.Purpose.ofCode(fields[0]), Long.parseLong(fields[1], 36),
                    Long.parseLong(fields[2], 36), Long.parseLong(fields[3], 36));
            if (claims.purpose() != expected) {
                return LinkToken.Verification.INVALID;
            }
            if (claims.expiresAt() != 0 && clock.instant().getEpochSecond() > claims.expiresAt()) {
                return new LinkToken.Verification(LinkToken.Check.EXPIRED, claims);
            }
            return new LinkToken.Verification(LinkToken.Check.VALID, claims);
        } catch (IllegalArgumentException malformed) {
            return LinkToken.Verification.INVALID;
        }
    }

    /**
     * A delivery's token for its VERP envelope sender ({@code bounces+TOKEN@domain}): the delivery id and a
     * 80-bit signature, in lower-case base32 (RFC 4648's alphabet, no padding), because some relays lower-case the
     * local part of an address. At most 29 characters; signed under the same keys as the link tokens.
     */
    String signDelivery(long deliveryId) {
        byte[] id = java.math.BigInteger.valueOf(deliveryId).toByteArray();
        return Base32.encode(id) + Base32.encode(Arrays.copyOf(mac(keys.get(0), deliveryPayload(deliveryId)), 10));
    }

    /** The delivery a VERP token names, if its signature is valid under any configured key. Case-insensitive. */
    java.util.OptionalLong verifyDelivery(String token) {
        if (token == null || token.length() <= 16 || token.length() > 40) {
            return java.util.OptionalLong.empty();
        }
        String t = token.toLowerCase(java.util.Locale.ROOT);
        byte[] id = Base32.decode(t.substring(0, t.length() - 16));
        byte[] signature = Base32.decode(t.substring(t.length() - 16));
        if (id == null || signature == null || id.length == 0 || id.length > 8 || signature.length != 10
                || !Base32.encode(id).equals(t.substring(0, t.length() - 16))) {
            return java.util.OptionalLong.empty();
        }
        long deliveryId = new java.math.BigInteger(id).longValue();
        boolean valid = false;
        for (byte[] key : keys) {
            valid |= MessageDigest.isEqual(Arrays.copyOf(mac(key, deliveryPayload(deliveryId)), 10), signature);
        }
        return valid && deliveryId > 0 ? java.util.OptionalLong.of(deliveryId) : java.util.OptionalLong.empty();
    }

    private static byte[] deliveryPayload(long deliveryId) {
        // "verp" is no one-letter purpose code, so these never collide with a link token's payload
        return ("verp." + deliveryId).getBytes(StandardCharsets.US_ASCII);
    }

    /** Lower-case RFC 4648 base32 without padding. */
    private static final class Base32 {

        private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

        static String encode(byte[] bytes) {
            StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
            int buffer = 0;
            int bits = 0;
            for (byte b : bytes) {
                buffer = (buffer << 8) | (b & 0xff);
                bits += 8;
                while (bits >= 5) {
                    out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                    bits -= 5;
                }
            }
            if (bits > 0) {
                out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
            }
            return out.toString();
        }

        /** null when a character is outside the alphabet */
        static byte[] decode(String text) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int buffer = 0;
            int bits = 0;
            for (int i = 0; i < text.length(); i++) {
                int v = ALPHABET.indexOf(text.charAt(i));
                if (v < 0) {
                    return null;
                }
                buffer = (buffer << 5) | v;
                bits += 5;
                if (bits >= 8) {
                    out.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            return out.toByteArray();
        }
    }

    /**
     * A signature for another module's own link format (the click links of {@code tracking}): HMAC-SHA256 under
     * the signing key over {@code domain NUL payload}, its first {@code length} bytes. The domain keeps such tags
     * apart from this class's tokens (whose payloads are ASCII without NUL) and from each other's.
     *
     * @param length 8 to 32 bytes
     */
    public byte[] tag(String domain, byte[] payload, int length) {
        if (length < 8 || length > 32) {
            throw new IllegalArgumentException("a tag has 8 to 32 bytes");
        }
        return Arrays.copyOf(fullMac(keys.get(0), domainSeparated(domain, payload)), length);
    }

    /** Whether {@code tag} is {@link #tag} of the payload under any configured key (every key is tried). */
    public boolean verifyTag(String domain, byte[] payload, byte[] tag) {
        if (tag == null || tag.length < 8 || tag.length > 32) {
            return false;
        }
        byte[] input = domainSeparated(domain, payload);
        boolean valid = false;
        for (byte[] key : keys) {
            valid |= MessageDigest.isEqual(Arrays.copyOf(fullMac(key, input), tag.length), tag);
        }
        return valid;
    }

    private static byte[] domainSeparated(String domain, byte[] payload) {
        byte[] name = domain.getBytes(StandardCharsets.US_ASCII);
        byte[] input = Arrays.copyOf(name, name.length + 1 + payload.length);
        System.arraycopy(payload, 0, input, name.length + 1, payload.length);
        return input;
    }

    /** One initialised Mac per key and thread: signing runs twice per message on the send path. */
    private final Map<byte[], ThreadLocal<Mac>> macs = new java.util.IdentityHashMap<>();

    private byte[] mac(byte[] key, byte[] payload) {
        // 128 bits of the tag are plenty against guessing and keep links short
        return Arrays.copyOf(fullMac(key, payload), 16);
    }

    private byte[] fullMac(byte[] key, byte[] payload) {
        ThreadLocal<Mac> local;
        synchronized (macs) {
            local = macs.computeIfAbsent(key, k -> ThreadLocal.withInitial(() -> newMac(k)));
        }
        return local.get().doFinal(payload);
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

    private static List<byte[]> keys(TokenProperties properties, JdbcClient jdbc, Clock clock) {
        List<byte[]> keys = new ArrayList<>();
        for (String secret : properties.secrets()) {
            if (secret.length() < MIN_SECRET_LENGTH) {
                log.warn("a recap.tokens.secrets entry is shorter than {} characters: use a long random key",
                        MIN_SECRET_LENGTH);
            }
            keys.add(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (keys.isEmpty()) {
            keys.add(generatedKey(jdbc, clock).getBytes(StandardCharsets.UTF_8));
        } else {
            storedKey(jdbc).ifPresent(generated -> keys.add(generated.getBytes(StandardCharsets.UTF_8)));
        }
        return keys;
    }

    private static Optional<String> storedKey(JdbcClient jdbc) {
        return jdbc.sql("select secret from app_secret where name = ?").param(SECRET_NAME).query(String.class)
                .optional();
    }

    private static String generatedKey(JdbcClient jdbc, Clock clock) {
        Optional<String> stored = storedKey(jdbc);
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
        return storedKey(jdbc).orElseThrow();
    }
}
