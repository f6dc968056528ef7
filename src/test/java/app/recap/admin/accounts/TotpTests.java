package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238's appendix B test vectors, and what authenticator apps rely on. */
class TotpTests {

    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY = ("1234567890123456789012345678901234567890123456789012345678901234")
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheRfc6238AppendixBVectors(long seconds, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(seconds));
        assertThat(Totp.code(SHA1_KEY, step, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_KEY, step, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_KEY, step, "HmacSHA512", 8)).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesFromABase32SecretAreTheLastSixOfTheRfcVector() {
        String secret = Totp.encode(SHA1_KEY);
        assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.decode(secret)).isEqualTo(SHA1_KEY);
        assertThat(Totp.code(secret, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    }

    @Test
    void acceptsTheStepBeforeAndAfterButNoFurther() {
        String secret = Totp.newSecret();
        long now = 1_000_000;
        assertThat(Totp.match(secret, Totp.code(secret, now), now)).hasValue(now);
        assertThat(Totp.match(secret, Totp.code(secret, now - 1), now)).hasValue(now - 1);
        assertThat(Totp.match(secret, Totp.code(secret, now + 1), now)).hasValue(now + 1);
        assertThat(Totp.match(secret, Totp.code(secret, now - 2), now)).isEmpty();
        assertThat(Totp.match(secret, Totp.code(secret, now + 2), now)).isEmpty();
        assertThat(Totp.match(secret, "12345", now)).isEmpty();
        assertThat(Totp.match(secret, "abcdef", now)).isEmpty();
    }
}
