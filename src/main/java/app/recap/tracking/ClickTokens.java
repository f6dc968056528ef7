package app.recap.tracking;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import app.recap.preferences.LinkTokens;

/**
 * Signs and reads the tokens of {@code /r/{token}} and {@code /o/{token}}: compact binary claims (unsigned
 * varints) and a 96-bit HMAC tag, base64url, with the link-signing keys of {@link LinkTokens} (so key rotation
 * works the same way). The link part is {@code base64url(claims ‖ tag)}; a per-subscriber link appends
 * {@code "." base64url(reader claims ‖ tag)}, whose tag also covers the edition, so a reader part cannot be moved to
 * another edition's links. Nothing in a token is secret; the tags make them unforgeable.
 */
@Component
class ClickTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String LINK_DOMAIN = "recap-click-link";
    private static final String READER_DOMAIN = "recap-click-reader";
    private static final int TAG = 12;
    /** far more than any real token; longer input is refused before decoding */
    private static final int MAX_LENGTH = 400;
    private static final int MAX_SEGMENT = 64;

    private final LinkTokens keys;

    ClickTokens(LinkTokens keys) {
        this.keys = keys;
    }

    /** The link part of a token (its reader, if any, is ignored: see {@link #readerPart}). */
    String linkPart(ClickToken token) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(24);
        out.write(token.kind() == ClickToken.Kind.CLICK ? 'c' : 'o');
        varint(out, token.editionId());
        varint(out, token.sectionAudienceId());
        varint(out, token.storyId());
        varint(out, token.issuedAt());
        varint(out, token.segment().size());
        token.segment().forEach(id -> varint(out, id));
        return signed(LINK_DOMAIN, out.toByteArray());
    }

    /** The per-message part for a per-subscriber link, bound to the edition. */
    String readerPart(long editionId, ClickToken.Reader reader) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        varint(out, reader.deliveryId());
        varint(out, reader.subscriberId());
        varint(out, reader.issuedAt());
        byte[] claims = out.toByteArray();
        byte[] tag = keys.tag(READER_DOMAIN, bound(editionId, claims), TAG);
        return B64.encodeToString(concat(claims, tag));
    }

    /** The token's claims when its tags are valid; empty for anything tampered with, truncated or unknown. */
    Optional<ClickToken> read(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            String[] parts = token.split("\\.", -1);
            if (parts.length > 2) {
                return Optional.empty();
            }
            byte[] link = verified(LINK_DOMAIN, parts[0], null);
            if (link == null) {
                return Optional.empty();
            }
            Cursor in = new Cursor(link);
            ClickToken.Kind kind = switch (in.next()) {
                case 'c' -> ClickToken.Kind.CLICK;
                case 'o' -> ClickToken.Kind.OPEN;
                default -> throw new IllegalArgumentException("unknown kind");
            };
            long edition = in.varint();
            long section = in.varint();
            long story = in.varint();
            long issuedAt = in.varint();
            long n = in.varint();
            if (n > MAX_SEGMENT) {
                return Optional.empty();
            }
            List<Long> segment = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                segment.add(in.varint());
            }
            in.end();
            ClickToken.Reader reader = null;
            if (parts.length == 2) {
                byte[] claims = verified(READER_DOMAIN, parts[1], edition);
                if (claims == null) {
                    return Optional.empty();
                }
                Cursor r = new Cursor(claims);
                reader = new ClickToken.Reader(r.varint(), r.varint(), r.varint());
                r.end();
            }
            return Optional.of(new ClickToken(kind, edition, segment, section, story, issuedAt, reader));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException malformed) {
            return Optional.empty();
        }
    }

    private String signed(String domain, byte[] claims) {
        return B64.encodeToString(concat(claims, keys.tag(domain, claims, TAG)));
    }

    /** The claims of one base64url part if its tag verifies; null otherwise. */
    private byte[] verified(String domain, String part, Long editionId) {
        byte[] bytes = B64D.decode(part);
        // the decoder ignores stray low bits in the last character: accept only the one canonical spelling
        if (bytes.length <= TAG || !B64.encodeToString(bytes).equals(part)) {
            return null;
        }
        byte[] claims = Arrays.copyOf(bytes, bytes.length - TAG);
        byte[] tag = Arrays.copyOfRange(bytes, bytes.length - TAG, bytes.length);
        byte[] signedBytes = editionId == null ? claims : bound(editionId, claims);
        return keys.verifyTag(domain, signedBytes, tag) ? claims : null;
    }

    private static byte[] bound(long editionId, byte[] claims) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(claims.length + 4);
        varint(out, editionId);
        out.writeBytes(claims);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void varint(ByteArrayOutputStream out, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative");
        }
        while (value >= 0x80) {
            out.write((int) (value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static final class Cursor {

        private final byte[] bytes;
        private int at;

        Cursor(byte[] bytes) {
            this.bytes = bytes;
        }

        int next() {
            return bytes[at++] & 0xff;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 63; shift += 7) {
                int b = next();
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        void end() {
            if (at != bytes.length) {
                throw new IllegalArgumentException("trailing bytes");
            }
        }
    }
}
