package app.recap.delivery.dkim;

import java.security.MessageDigest;

/**
 * RFC 6376's "relaxed" canonicalisation (section 3.4.2 and 3.4.4). A digest body is about 50 KB and its form is
 * computed once per message, so it is scanned in runs, not byte by byte.
 */
final class DkimCanonicalization {

    private DkimCanonicalization() {
    }

    /**
     * One header field, relaxed: name lower-cased, value unfolded, whitespace runs as one space, none at either
     * end; {@code name:value}, without the trailing CRLF.
     *
     * @param line the whole field as written, {@code Name: value}, folds included
     */
    static String header(String line) {
        int colon = line.indexOf(':');
        String name = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = line.substring(colon + 1).replace("\r\n", "").replace("\n", "").replace("\r", "");
        StringBuilder out = new StringBuilder(name.length() + value.length() + 1).append(name).append(':');
        boolean space = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                space = started;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
                started = true;
            }
        }
        return out.toString();
    }

    /**
     * The relaxed body: whitespace runs become one space, none at line ends, no empty lines at the end, and a
     * last line ended by CRLF. Most of a body is already in that form, so stretches between the places that
     * change go to the digest as they are, gathered in a buffer: the native digest's every call crosses JNI, and
     * one call per word cost ten times the hash itself.
     */
    static void body(byte[] body, int offset, int length, MessageDigest digest) {
        int end = offset + length;
        // what the canonical form drops at the end: whitespace and line breaks after the last other byte
        while (end > offset) {
            byte last = body[end - 1];
            if (last == ' ' || last == '\t') {
                end--;
            } else if (last == '\n' && end - 2 >= offset && body[end - 2] == '\r') {
                end -= 2;
            } else {
                break;
            }
        }
        if (end == offset) {
            return;
        }
        BodyBuffer out = new BodyBuffer(digest);
        int verbatimFrom = offset;
        int i = offset;
        while (i < end) {
            byte b = body[i];
            if (b != ' ' && b != '\t') {
                i++;
                continue;
            }
            // a whitespace run: it ends before another byte (the body ends with one), kept as one space unless it
            // ends the line; a single space before a byte other than CRLF is already canonical
            int run = i + 1;
            while (body[run] == ' ' || body[run] == '\t') {
                run++;
            }
            boolean lineEnd = body[run] == '\r' && run + 1 < end && body[run + 1] == '\n';
            if (b == ' ' && run == i + 1 && !lineEnd) {
                i = run;
                continue;
            }
            out.write(body, verbatimFrom, i - verbatimFrom);
            if (!lineEnd) {
                out.space();
            }
            verbatimFrom = run;
            i = run;
        }
        out.write(body, verbatimFrom, end - verbatimFrom);
        out.crlf();
        out.flush();
    }

    /** Collects canonical bytes and passes them to the digest when full. */
    private static final class BodyBuffer {

        private final MessageDigest digest;
        private final byte[] buffer = new byte[16 * 1024];
        private int size;

        BodyBuffer(MessageDigest digest) {
            this.digest = digest;
        }

        void crlf() {
            if (size + 2 > buffer.length) {
                flush();
            }
            buffer[size++] = '\r';
            buffer[size++] = '\n';
        }

        void space() {
            if (size == buffer.length) {
                flush();
            }
            buffer[size++] = ' ';
        }

        void write(byte[] bytes, int offset, int length) {
            if (size + length > buffer.length) {
                flush();
                if (length > buffer.length) {
                    digest.update(bytes, offset, length);
                    return;
                }
            }
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        void flush() {
            if (size > 0) {
                digest.update(buffer, 0, size);
                size = 0;
            }
        }
    }
}
