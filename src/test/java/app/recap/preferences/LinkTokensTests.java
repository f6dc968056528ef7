package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

class LinkTokensTests {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final byte[] OLD_KEY = "old-key-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final byte[] NEW_KEY = "new-key-0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    final LinkTokens tokens = new LinkTokens(List.of(OLD_KEY), CLOCK);

    @Test
    void signedTokenVerifiesForItsPurposeOnly() {
        String token = tokens.sign(new LinkToken(LinkToken.Purpose.PREFERENCES, 42, 7, 0));

        assertThat(tokens.verify(token, LinkToken.Purpose.PREFERENCES))
                .contains(new LinkToken(LinkToken.Purpose.PREFERENCES, 42, 7, 0));
        assertThat(tokens.check(token, LinkToken.Purpose.UNSUBSCRIBE).check()).isEqualTo(LinkToken.Check.INVALID);
        assertThat(tokens.check(token, LinkToken.Purpose.CONFIRM).check()).isEqualTo(LinkToken.Check.INVALID);
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+").hasSizeLessThan(60);
    }

    @Test
    void changingAnyPartOfTheTokenInvalidatesIt() {
        String token = tokens.sign(new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, 42, 7, 0));
        String[] parts = token.split("\\.");
        String otherSubscriber = b64("u." + Long.toString(43, 36) + "." + Long.toString(7, 36) + ".0") + "." + parts[1];
        String otherPurpose = b64("p." + Long.toString(42, 36) + "." + Long.toString(7, 36) + ".0") + "." + parts[1];

        assertThat(tokens.check(otherSubscriber, LinkToken.Purpose.UNSUBSCRIBE).check()).isEqualTo(LinkToken.Check.INVALID);
        assertThat(tokens.check(otherPurpose, LinkToken.Purpose.PREFERENCES).check()).isEqualTo(LinkToken.Check.INVALID);
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                continue;
            }
            String flipped = token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
            assertThat(tokens.verify(flipped, LinkToken.Purpose.UNSUBSCRIBE)).as("changed at " + i).isEmpty();
        }
        for (String junk : new String[] {"", ".", "..", "abc", parts[0], parts[0] + ".", "." + parts[1], token + ".",
                token + "x", "!!!.???", null}) {
            assertThat(tokens.check(junk, LinkToken.Purpose.UNSUBSCRIBE).check()).as(junk)
                    .isEqualTo(LinkToken.Check.INVALID);
        }
    }

    @Test
    void confirmationTokenExpiresButStillSaysWhoItWasFor() {
        long in1h = NOW.plusSeconds(3600).getEpochSecond();
        String valid = tokens.sign(new LinkToken(LinkToken.Purpose.CONFIRM, 42, 7, in1h));
        String expired = tokens.sign(new LinkToken(LinkToken.Purpose.CONFIRM, 42, 7, NOW.minusSeconds(1).getEpochSecond()));

        assertThat(tokens.check(valid, LinkToken.Purpose.CONFIRM).check()).isEqualTo(LinkToken.Check.VALID);
        LinkToken.Verification late = tokens.check(expired, LinkToken.Purpose.CONFIRM);
        assertThat(late.check()).isEqualTo(LinkToken.Check.EXPIRED);
        assertThat(late.claims().listId()).isEqualTo(7);
        assertThat(tokens.verify(expired, LinkToken.Purpose.CONFIRM)).isEmpty();
        assertThat(new LinkTokens(List.of(OLD_KEY), Clock.fixed(NOW.plusSeconds(3601), ZoneOffset.UTC))
                .check(valid, LinkToken.Purpose.CONFIRM).check()).isEqualTo(LinkToken.Check.EXPIRED);
    }

    @Test
    void confirmationLinkWorksThroughItsExpirySecondAndNotASecondLonger() {
        long expiresAt = NOW.getEpochSecond();
        String token = tokens.sign(new LinkToken(LinkToken.Purpose.CONFIRM, 42, 7, expiresAt));

        assertThat(at(NOW.plusMillis(999)).check(token, LinkToken.Purpose.CONFIRM).check())
                .isEqualTo(LinkToken.Check.VALID);
        assertThat(at(NOW.plusSeconds(1)).check(token, LinkToken.Purpose.CONFIRM).check())
                .isEqualTo(LinkToken.Check.EXPIRED);
        assertThat(at(NOW.plusSeconds(3650L * 24 * 3600)).check(tokens.sign(
                new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, 42, 7, 0)), LinkToken.Purpose.UNSUBSCRIBE).check())
                .as("0: never expires").isEqualTo(LinkToken.Check.VALID);
    }

    private static LinkTokens at(Instant now) {
        return new LinkTokens(List.of(OLD_KEY), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void rotationSignsWithTheNewKeyAndStillAcceptsTheOldUntilItIsDropped() {
        String signedBefore = tokens.sign(new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, 42, 7, 0));
        LinkTokens rotated = new LinkTokens(List.of(NEW_KEY, OLD_KEY), CLOCK);
        LinkTokens oldDropped = new LinkTokens(List.of(NEW_KEY), CLOCK);

        String signedAfter = rotated.sign(new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, 42, 7, 0));

        assertThat(signedAfter).isNotEqualTo(signedBefore);
        assertThat(rotated.verify(signedBefore, LinkToken.Purpose.UNSUBSCRIBE)).isPresent();
        assertThat(rotated.verify(signedAfter, LinkToken.Purpose.UNSUBSCRIBE)).isPresent();
        assertThat(oldDropped.verify(signedAfter, LinkToken.Purpose.UNSUBSCRIBE)).isPresent();
        assertThat(oldDropped.verify(signedBefore, LinkToken.Purpose.UNSUBSCRIBE)).isEmpty();
        assertThat(tokens.verify(signedAfter, LinkToken.Purpose.UNSUBSCRIBE)).isEmpty();
    }

    @Test
    void deliveryTokensAreShortLowerCaseBase32AndSurviveUpperCasing() {
        for (long id : new long[] {1, 255, 34, 123_456_789, Long.MAX_VALUE}) {
            String token = tokens.signDelivery(id);
            assertThat(token).matches("[a-z2-7]+").hasSizeLessThanOrEqualTo(29);
            assertThat(tokens.verifyDelivery(token)).hasValue(id);
            assertThat(tokens.verifyDelivery(token.toUpperCase(java.util.Locale.ROOT))).hasValue(id);
            assertThat(new LinkTokens(List.of(NEW_KEY, OLD_KEY), CLOCK).verifyDelivery(token)).hasValue(id);
            assertThat(new LinkTokens(List.of(NEW_KEY), CLOCK).verifyDelivery(token)).isEmpty();
        }
    }

    @Test
    void aDeliveryTokenWithAnotherIdOrAChangedSignatureIsRefused() {
        String token = tokens.signDelivery(34);
        String signature = token.substring(token.length() - 16);
        String otherId = tokens.signDelivery(35).substring(0, tokens.signDelivery(35).length() - 16) + signature;
        char last = signature.charAt(15);
        String tampered = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(tokens.verifyDelivery(otherId)).isEmpty();
        assertThat(tokens.verifyDelivery(tampered)).isEmpty();
        assertThat(tokens.verifyDelivery("")).isEmpty();
        assertThat(tokens.verifyDelivery(null)).isEmpty();
        assertThat(tokens.verifyDelivery("not-base32-at-all-0189")).isEmpty();
    }

    @Test
    void aTagVerifiesForItsDomainPayloadAndLengthOnly() {
        byte[] payload = "edition-7.story-3".getBytes(StandardCharsets.US_ASCII);
        byte[] tag = tokens.tag("click", payload, 12);

        assertThat(tag).hasSize(12);
        assertThat(tokens.tag("click", payload, 12)).as("deterministic").isEqualTo(tag);
        assertThat(tokens.verifyTag("click", payload, tag)).isTrue();
        assertThat(tokens.verifyTag("reader", payload, tag)).as("another domain").isFalse();
        assertThat(tokens.verifyTag("click", "edition-7.story-4".getBytes(StandardCharsets.US_ASCII), tag)).isFalse();
        for (int i = 0; i < tag.length; i++) {
            byte[] flipped = tag.clone();
            flipped[i] ^= 1;
            assertThat(tokens.verifyTag("click", payload, flipped)).as("bit flipped in byte " + i).isFalse();
        }
        // a longer tag is the shorter one's continuation, but each verifies only at its own length
        assertThat(tokens.tag("click", payload, 32)).startsWith(tag);
        assertThat(tokens.verifyTag("click", payload, java.util.Arrays.copyOf(tag, 8))).isTrue();
        assertThat(tokens.verifyTag("click", payload, java.util.Arrays.copyOf(tag, 7))).as("too short").isFalse();
        assertThat(tokens.verifyTag("click", payload, new byte[33])).as("too long").isFalse();
        assertThat(tokens.verifyTag("click", payload, null)).isFalse();
    }

    @Test
    void theDomainIsSeparatedFromThePayloadAndFromLinkTokens() {
        byte[] ab = tokens.tag("a", "bc".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] abc = tokens.tag("ab", "c".getBytes(StandardCharsets.US_ASCII), 16);

        assertThat(ab).isNotEqualTo(abc);
        assertThat(tokens.verifyTag("ab", "c".getBytes(StandardCharsets.US_ASCII), ab)).isFalse();
        assertThat(tokens.tag("a", new byte[0], 16)).isNotEqualTo(tokens.tag("b", new byte[0], 16));
        // a link token's signature is the MAC of its ASCII payload alone; a tag over the same bytes differs
        String token = tokens.sign(new LinkToken(LinkToken.Purpose.PREFERENCES, 42, 7, 0));
        byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[0]);
        byte[] signature = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
        assertThat(tokens.tag("", payload, 16)).isNotEqualTo(signature);
    }

    @Test
    void tagsAreMadeWithTheFirstKeyAndVerifiedUnderEveryKey() {
        byte[] payload = "claims".getBytes(StandardCharsets.US_ASCII);
        byte[] oldTag = tokens.tag("click", payload, 16);
        LinkTokens rotated = new LinkTokens(List.of(NEW_KEY, OLD_KEY), CLOCK);

        assertThat(rotated.verifyTag("click", payload, oldTag)).as("made before the rotation").isTrue();
        assertThat(rotated.tag("click", payload, 16)).isNotEqualTo(oldTag);
        assertThat(rotated.verifyTag("click", payload, rotated.tag("click", payload, 16))).isTrue();
        assertThat(new LinkTokens(List.of(NEW_KEY), CLOCK).verifyTag("click", payload, oldTag))
                .as("the old key retired").isFalse();
    }

    @Test
    void aTagLengthOutsideEightToThirtyTwoBytesIsRefused() {
        byte[] payload = new byte[] {1, 2, 3};

        assertThat(tokens.tag("click", payload, 8)).hasSize(8);
        assertThat(tokens.tag("click", payload, 32)).hasSize(32);
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> tokens.tag("click", payload, 7));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> tokens.tag("click", payload, 33));
    }

    private static String b64(String payload) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.US_ASCII));
    }
}
