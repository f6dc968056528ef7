package app.recap.delivery.dkim;

import java.nio.charset.Charset;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * Signs messages with DKIM (RFC 6376), relaxed/relaxed, one DKIM-Signature per configured key (rsa-sha256 and
 * optionally ed25519-sha256, RFC 8463). It signs the header lines and body bytes it is given, which the transport
 * takes from the exact bytes it is about to write: that is why Recap has its own signer instead of a library
 * that signs a {@code MimeMessage} by re-serialising it (simple-java-mail's {@code utils-mail-dkim} wraps the
 * message and writes it again through Jakarta Mail's byte-at-a-time streams, losing the pre-encoded digest body
 * and about 2 ms per message; see PERFORMANCE-NOTES). Per message: one body hash, shared by the signatures,
 * and one signature per key. Thread-safe.
 */
public final class DkimSigner {

    /** Signed when present; From is signed once more than it occurs, so no second From can be added. */
    static final List<String> SIGNED_HEADERS = List.of("from", "to", "subject", "date", "message-id",
            "mime-version", "content-type", "list-id", "list-unsubscribe", "list-unsubscribe-post", "reply-to");

    private static final DkimSigner NONE = new DkimSigner(List.of(), null, SigningProvider.choose(false),
            Clock.systemUTC());

    private final List<KeySigner> keys;
    private final String domain;
    private final SigningProvider provider;
    private final ThreadLocal<MessageDigest> sha256;
    private final Clock clock;

    DkimSigner(List<DkimKey> keys, String domain, SigningProvider provider, Clock clock) {
        this.provider = provider;
        this.keys = keys.stream().map(key -> new KeySigner(key, provider)).toList();
        this.domain = domain == null || domain.isBlank() ? null : domain.strip().toLowerCase(Locale.ROOT);
        this.sha256 = ThreadLocal.withInitial(provider::sha256);
        this.clock = clock;
    }

    /** A signer that signs nothing, for when DKIM is not configured. */
    public static DkimSigner none() {
        return NONE;
    }

    public boolean enabled() {
        return !keys.isEmpty();
    }

    /** The configured signing domain, or null when each message is signed for its From domain. */
    String domain() {
        return domain;
    }

    /** The {@code d=} a message from {@code fromDomain} is signed for. */
    public String signingDomain(String fromDomain) {
        return domain != null ? domain : fromDomain.toLowerCase(Locale.ROOT);
    }

    /** The TXT records to publish for mail from {@code fromDomain}, one per key; empty when signing is off. */
    public List<DkimRecord> dnsRecords(String fromDomain) {
        String d = signingDomain(fromDomain);
        return keys.stream().map(k -> new DkimRecord(k.key().algorithm().tag,
                k.key().selector() + "._domainkey." + d, k.key().dnsRecord())).toList();
    }

    List<DkimKey> keys() {
        return keys.stream().map(KeySigner::key).toList();
    }

    SigningProvider provider() {
        return provider;
    }

    /**
     * The DKIM-Signature fields for a message, to be written before its other header fields.
     *
     * @param headerLines the message's header fields exactly as they will be written ({@code Name: value}, folds
     *                    included, no final CRLF), top to bottom
     * @param charset     how those lines become bytes on the wire
     * @param body        the body bytes exactly as they will be written after the blank line
     * @return one field per key ({@code DKIM-Signature: ...}, folded with CRLF TAB), empty when not enabled
     * @throws MessagingException when the message has no usable From or the key refuses to sign
     */
    public List<String> sign(List<String> headerLines, Charset charset, byte[] body, int offset, int length)
            throws MessagingException {
        if (keys.isEmpty()) {
            return List.of();
        }
        MessageDigest digest = sha256.get();
        DkimCanonicalization.body(body, offset, length, digest);
        String bodyHash = Base64.getEncoder().encodeToString(digest.digest());

        StringBuilder names = new StringBuilder();
        StringBuilder signedHeaders = new StringBuilder();
        String from = null;
        List<String> canonical = new ArrayList<>(headerLines.size());
        List<String> lowerNames = new ArrayList<>(headerLines.size());
        for (String line : headerLines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            lowerNames.add(name);
            canonical.add(DkimCanonicalization.header(line));
            if (name.equals("from")) {
                from = line.substring(colon + 1);
            }
        }
        if (from == null) {
            throw new MessagingException("DKIM: the message has no From header to sign");
        }
        for (String name : SIGNED_HEADERS) {
            // the bottom-most instance first (RFC 6376 5.4.2); each of ours occurs once
            for (int i = lowerNames.size() - 1; i >= 0; i--) {
                if (lowerNames.get(i).equals(name)) {
                    signedHeaders.append(canonical.get(i)).append("\r\n");
                    names.append(names.isEmpty() ? "" : ":").append(name);
                }
            }
        }
        names.append(":from");
        String signingDomain = domain != null ? domain : domainOf(from);
        long now = clock.instant().getEpochSecond();

        List<String> fields = new ArrayList<>(keys.size());
        for (KeySigner key : keys) {
            String unsigned = "DKIM-Signature: v=1; a=" + key.key().algorithm().tag + "; c=relaxed/relaxed;\r\n\td="
                    + signingDomain + "; s=" + key.key().selector() + "; t=" + now + ";\r\n\th=" + fold(names)
                    + ";\r\n\tbh=" + bodyHash + ";\r\n\tb=";
            byte[] input = (signedHeaders + DkimCanonicalization.header(unsigned)).getBytes(charset);
            fields.add(unsigned + foldBase64(key.sign(input, digest)));
        }
        return fields;
    }

    private static String domainOf(String fromValue) throws MessagingException {
        try {
            InternetAddress[] addresses = InternetAddress.parseHeader(fromValue.replace("\r\n", ""), false);
            String address = addresses.length == 0 ? "" : addresses[0].getAddress();
            int at = address == null ? -1 : address.lastIndexOf('@');
            if (at < 0) {
                throw new MessagingException("DKIM: no domain in From: " + fromValue.strip());
            }
            return address.substring(at + 1).toLowerCase(Locale.ROOT);
        } catch (AddressException e) {
            throw new MessagingException("DKIM: unparseable From: " + fromValue.strip(), e);
        }
    }

    /** h= folded at colons, so no line grows past about 76 characters. */
    private static String fold(CharSequence names) {
        StringBuilder out = new StringBuilder();
        int lineLength = 3;
        for (String name : names.toString().split(":")) {
            if (!out.isEmpty()) {
                out.append(':');
                lineLength++;
                if (lineLength + name.length() > 72) {
                    out.append("\r\n\t ");
                    lineLength = 1;
                }
            }
            out.append(name);
            lineLength += name.length();
        }
        return out.toString();
    }

    private static String foldBase64(String value) {
        StringBuilder out = new StringBuilder(value.length() + value.length() / 36);
        for (int i = 0; i < value.length(); i += 72) {
            out.append(i == 0 ? "" : "\r\n\t ").append(value, i, Math.min(value.length(), i + 72));
        }
        return out.toString();
    }

    /** One key and, per thread, a Signature initialised with it (initialising costs more than reusing). */
    private static final class KeySigner {

        private final DkimKey key;
        private final ThreadLocal<Signature> signature;

        KeySigner(DkimKey key, SigningProvider provider) {
            this.key = key;
            this.signature = ThreadLocal.withInitial(() -> {
                try {
                    Signature s = provider.signature(key.algorithm().jcaSignature);
                    s.initSign(key.privateKey());
                    return s;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("cannot sign with the " + key.algorithm().tag + " key", e);
                }
            });
        }

        DkimKey key() {
            return key;
        }

        String sign(byte[] input, MessageDigest sha256) throws MessagingException {
            try {
                Signature s = signature.get();
                if (key.algorithm() == DkimKey.Algorithm.ED25519_SHA256) {
                    // RFC 8463: Ed25519 signs the SHA-256 hash of the canonicalised header data
                    s.update(sha256.digest(input));
                } else {
                    s.update(input);
                }
                return Base64.getEncoder().encodeToString(s.sign());
            } catch (GeneralSecurityException | IllegalStateException e) {
                throw new MessagingException("DKIM " + key.algorithm().tag + " signing failed", e);
            }
        }
    }
}
