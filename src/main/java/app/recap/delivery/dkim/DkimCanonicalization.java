package app.recap.delivery.dkim;

import java.security.MessageDigest;

/**
 * RFC 6376's "relaxed" canonicalisation (section 3.4.2 and 3.4.4). The body form is fed to the digest in runs,
 * not byte by byte: a digest body is about 50 KB and this runs once per message.
 */
final class DkimCanonicalization {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] SPACE = {' '};

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

    /** The relaxed body: whitespace runs become one space, none at line ends, no empty lines at the end. */
    static void body(byte[] body, int offset, int length, MessageDigest digest) {
        int end = offset + length;
        int pendingLineBreaks = 0;
        boolean pendingSpace = false;
        boolean any = false;
        int i = offset;
        while (i < end) {
            byte b = body[i];
            if (b == '\r' && i + 1 < end && body[i + 1] == '\n') {
                pendingSpace = false;
                pendingLineBreaks++;
                i += 2;
            } else if (b == ' ' || b == '\t') {
                pendingSpace = true;
                i++;
            } else {
                for (; pendingLineBreaks > 0; pendingLineBreaks--) {
                    digest.update(CRLF);
                }
                if (pendingSpace) {
                    digest.update(SPACE);
                    pendingSpace = false;
                }
                int run = i + 1;
                while (run < end) {
                    byte r = body[run];
                    if (r == ' ' || r == '\t' || (r == '\r' && run + 1 < end && body[run + 1] == '\n')) {
                        break;
                    }
                    run++;
                }
                digest.update(body, i, run - i);
                any = true;
                i = run;
            }
        }
        if (any) {
            digest.update(CRLF);
        }
    }
}
