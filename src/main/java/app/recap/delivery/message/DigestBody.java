package app.recap.delivery.message;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeUtility;

import org.springframework.web.util.HtmlUtils;

/**
 * The encoded multipart/alternative body of one segment (audience combination), cut at its personal
 * placeholders. Encoding happens once per segment, in two forms: 8bit UTF-8 for relays that announce 8BITMIME
 * and quoted-printable for those that do not; per subscriber only the personal values are encoded and spliced
 * in. This is where the send path saves most of its time (MIME encoding per message dominates otherwise).
 */
final class DigestBody {

    private static final byte[] SOFT_BREAK = "=\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    // kept as UTF-8 (half the size of the rendered Strings) only to build the quoted-printable form on demand
    private final byte[] text;
    private final byte[] html;
    private final List<String> placeholders;
    private final Template eightBit;
    private volatile Template sevenBit;

    private DigestBody(String boundary, String text, String html, List<String> placeholders) {
        this.boundary = boundary;
        this.text = text.getBytes(StandardCharsets.UTF_8);
        this.html = html.getBytes(StandardCharsets.UTF_8);
        this.placeholders = placeholders;
        this.eightBit = build(boundary, text, html, placeholders, false);
    }

    /**
     * @param placeholders the personal placeholders that may occur in {@code text} and {@code html}
     */
    static DigestBody of(String text, String html, List<String> placeholders) {
        return new DigestBody("recap-" + HexFormat.of().formatHex(randomBytes(12)), text, html, List.copyOf(placeholders));
    }

    String contentType() {
        return "multipart/alternative; boundary=\"" + boundary + "\"";
    }

    /** The body with a subscriber's values; HTML-escaped in the HTML part, raw in the text part. */
    byte[] render(Map<String, String> values, boolean sevenBitOnly) {
        return (sevenBitOnly ? sevenBit() : eightBit).splice(values);
    }

    /** Built on first use: most relays announce 8BITMIME and never need it. */
    private Template sevenBit() {
        Template built = sevenBit;
        if (built == null) {
            synchronized (this) {
                built = sevenBit;
                if (built == null) {
                    built = build(boundary, new String(text, StandardCharsets.UTF_8),
                            new String(html, StandardCharsets.UTF_8), placeholders, true);
                    sevenBit = built;
                }
            }
        }
        return built;
    }

    /** What {@link #render} returns, written as SMTP data without building it in one array. */
    void writeTo(Map<String, String> values, boolean sevenBitOnly, DotStuffingOutputStream data) throws IOException {
        (sevenBitOnly ? sevenBit() : eightBit).writeTo(values, data);
    }

    int size() {
        return eightBit.size;
    }

    private static Template build(String boundary, String text, String html, List<String> placeholders,
            boolean quotedPrintable) {
        String encoding = quotedPrintable ? "quoted-printable" : "8bit";
        List<Piece> pieces = new ArrayList<>();
        pieces.add(Piece.raw("--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: " + encoding + "\r\n\r\n"));
        pieces.addAll(cut(text, placeholders, false, quotedPrintable));
        pieces.add(Piece.raw("\r\n--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: " + encoding + "\r\n\r\n"));
        pieces.addAll(cut(html, placeholders, true, quotedPrintable));
        pieces.add(Piece.raw("\r\n--" + boundary + "--\r\n"));
        // merge neighbouring fixed pieces so a message is a handful of array copies
        List<byte[]> fixed = new ArrayList<>();
        List<Piece> slots = new ArrayList<>();
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        for (Piece piece : pieces) {
            if (piece.placeholder == null) {
                current.writeBytes(piece.bytes);
            } else {
                fixed.add(current.toByteArray());
                current.reset();
                slots.add(piece);
            }
        }
        fixed.add(current.toByteArray());
        return new Template(fixed, slots, fixed.stream().mapToInt(f -> f.length).sum());
    }

    private static List<Piece> cut(String body, List<String> placeholders, boolean html, boolean quotedPrintable) {
        String crlf = body.replace("\r\n", "\n").replace("\n", "\r\n");
        List<Piece> pieces = new ArrayList<>();
        // each placeholder's next occurrence, searched again only once the cut has passed it: a tracked link's
        // placeholder occurs dozens of times, and searching every placeholder afresh after each was quadratic
        int[] nextAt = new int[placeholders.size()];
        for (int i = 0; i < nextAt.length; i++) {
            nextAt[i] = crlf.indexOf(placeholders.get(i));
        }
        int from = 0;
        while (true) {
            int next = -1;
            String found = null;
            for (int i = 0; i < nextAt.length; i++) {
                if (nextAt[i] >= 0 && nextAt[i] < from) {
                    nextAt[i] = crlf.indexOf(placeholders.get(i), from);
                }
                int at = nextAt[i];
                if (at >= 0 && (next < 0 || at < next)) {
                    next = at;
                    found = placeholders.get(i);
                }
            }
            String chunk = next < 0 ? crlf.substring(from) : crlf.substring(from, next);
            pieces.add(new Piece(encode(chunk, quotedPrintable), null, html, quotedPrintable));
            if (next < 0) {
                return pieces;
            }
            pieces.add(new Piece(null, found, html, quotedPrintable));
            from = next + found.length();
        }
    }

    /**
     * Quoted-printable fragments end with a soft line break unless they end a line, so a value spliced after
     * them starts a fresh encoded line and no line grows past the limit; soft breaks are invisible to readers.
     */
    private static byte[] encode(String text, boolean quotedPrintable) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (!quotedPrintable) {
            return utf8;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + utf8.length / 8);
        try (OutputStream qp = MimeUtility.encode(out, "quoted-printable")) {
            qp.write(utf8);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException("quoted-printable encoding failed", e);
        }
        if (!text.endsWith("\r\n")) {
            out.writeBytes(SOFT_BREAK);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private record Piece(byte[] bytes, String placeholder, boolean html, boolean quotedPrintable) {

        static Piece raw(String ascii) {
            return new Piece(ascii.getBytes(StandardCharsets.US_ASCII), null, false, false);
        }
    }

    private record Template(List<byte[]> fixed, List<Piece> slots, int size,
            List<DotStuffingOutputStream.Prepared> prepared) {

        Template(List<byte[]> fixed, List<Piece> slots, int size) {
            // the SMTP form of the fixed pieces, dot-stuffed once per segment rather than once per message
            this(fixed, slots, size, fixed.stream().map(DotStuffingOutputStream::prepare).toList());
        }

        /** Each slot's value encoded; a placeholder can occur many times (every tracked link): encoded once. */
        private List<byte[]> encode(Map<String, String> values) {
            List<byte[]> encoded = new ArrayList<>(slots.size());
            Map<Piece, byte[]> done = new java.util.HashMap<>(8);
            for (Piece slot : slots) {
                byte[] bytes = done.get(slot);
                if (bytes == null) {
                    String value = values.get(slot.placeholder());
                    String shown = slot.html() ? HtmlUtils.htmlEscape(value, "UTF-8") : value;
                    bytes = DigestBody.encode(shown, slot.quotedPrintable());
                    done.put(slot, bytes);
                }
                encoded.add(bytes);
            }
            return encoded;
        }

        byte[] splice(Map<String, String> values) {
            List<byte[]> encoded = encode(values);
            int total = size;
            for (byte[] e : encoded) {
                total += e.length;
            }
            byte[] out = new byte[total];
            int at = 0;
            for (int i = 0; i < fixed.size(); i++) {
                byte[] f = fixed.get(i);
                System.arraycopy(f, 0, out, at, f.length);
                at += f.length;
                if (i < encoded.size()) {
                    byte[] e = encoded.get(i);
                    System.arraycopy(e, 0, out, at, e.length);
                    at += e.length;
                }
            }
            return out;
        }

        /** The same bytes as {@link #splice}, written as SMTP data: the fixed pieces already stuffed, values scanned. */
        void writeTo(Map<String, String> values, DotStuffingOutputStream data) throws IOException {
            List<byte[]> encoded = encode(values);
            for (int i = 0; i < prepared.size(); i++) {
                data.writePrepared(prepared.get(i));
                if (i < encoded.size()) {
                    byte[] e = encoded.get(i);
                    data.write(e, 0, e.length);
                }
            }
        }
    }
}
