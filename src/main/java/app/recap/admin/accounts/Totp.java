package app.recap.admin.accounts;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238 on RFC 4226's HOTP) as authenticator apps make them: 30-second steps,
 * six digits, HMAC-SHA-1, and a code of the step before or after the current one accepted too, for clocks that
 * drift. Small enough to keep on the JDK's {@link Mac} rather than take a library for it; the RFC's appendix B
 * vectors pin it in {@code TotpTests}. Secrets travel as RFC 4648 base32, which is what the apps read.
 */
final class Totp {

    static final int STEP_SECONDS = 30;
    static final int DIGITS = 6;
    /** Steps either side of now whose code is still accepted. */
    static final int TOLERANCE = 1;
    private static final int SECRET_BYTES = 20; // 160 bits, the HMAC-SHA-1 block RFC 4226 recommends
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final SecureRandom random = new SecureRandom();

    private Totp() {
    }

    /** The step an instant falls in. */
    static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
    }

    /** The code of a step, with any HMAC algorithm and length (the RFC's vectors use SHA-256, SHA-512, 8 digits). */
    static String code(byte[] key, long step, String hmacAlgorithm, int digits) {
        try {
            Mac mac = Mac.getInstance(hmacAlgorithm);
            mac.init(new SecretKeySpec(key, hmacAlgorithm));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            int otp = binary % (int) Math.pow(10, digits);
            return String.format(Locale.ROOT, "%0" + digits + "d", otp);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC " + hmacAlgorithm + " unavailable", e);
        }
    }

    /** The six-digit HMAC-SHA-1 code of a step for a base32 secret: what an authenticator app shows. */
    static String code(String base32Secret, long step) {
        return code(decode(base32Secret), step, "HmacSHA1", DIGITS);
    }

    /**
     * The step, within the tolerance around {@code now}, whose code the typed one is; empty when none is. The
     * caller makes each step usable once by accepting only steps after the last one used.
     */
    static OptionalLong match(String base32Secret, String typed, long now) {
        String code = typed == null ? "" : typed.replace(" ", "").strip();
        if (code.length() != DIGITS || !code.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        byte[] key = decode(base32Secret);
        for (long step = now - TOLERANCE; step <= now + TOLERANCE; step++) {
            if (java.security.MessageDigest.isEqual(code(key, step, "HmacSHA1", DIGITS).getBytes(),
                    code.getBytes())) {
                return OptionalLong.of(step);
            }
        }
        return OptionalLong.empty();
    }

    /** A new random secret, base32 without padding. */
    static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return encode(bytes);
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    static byte[] decode(String base32) {
        String clean = base32.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
