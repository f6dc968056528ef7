package app.recap.delivery.message;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a message as the content of SMTP's DATA command (RFC 5321 section 4.5.2): every line ends in CRLF (a bare
 * CR or a bare LF becomes CRLF, as Angus Mail's own stream does) and a line that starts with '.' gets a second one,
 * so the relay never takes it for the end of the data; {@link #endData} writes the final {@code CRLF.CRLF}.
 *
 * <p>Why not Angus's stream: it looks at every byte through two layered streams, and this path writes 50 KB per
 * message. Here a bulk write scans once and copies runs between line ends in one call each, and a digest's fixed
 * body pieces, prepared once per segment ({@link #prepare}), are copied without any scan
 * ({@link #writePrepared}). The state carried from one write to the next is the last byte written, so a CRLF or a
 * leading dot split across two writes is handled the same as within one.
 */
public final class DotStuffingOutputStream extends FilterOutputStream {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] END = {'.', '\r', '\n'};

    /** The last byte of the input (not of the output); -1 before the first, which counts as a line start. */
    private int last = -1;

    public DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    private DotStuffingOutputStream(OutputStream out, int last) {
        super(out);
        this.last = last;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int run = off; // start of the bytes not yet written through
        int previous = last;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\r') {
                out.write(b, run, i - run);
                out.write(CRLF);
                run = i + 1;
            } else if (c == '\n') {
                if (previous != '\r') {
                    out.write(b, run, i - run);
                    out.write(CRLF);
                }
                run = i + 1;
            } else if (c == '.' && (previous == '\r' || previous == '\n' || previous == -1)) {
                out.write(b, run, i - run);
                out.write('.');
                run = i; // the dot itself goes out with the run that follows
            }
            previous = c;
        }
        if (run < end) {
            out.write(b, run, end - run);
        }
        if (len > 0) {
            last = previous;
        }
    }

    /**
     * Writes a piece prepared by {@link #prepare}: its stuffed bytes as they are when the piece does not start a line
     * or cannot be changed by what came before, else (a leading '.' or LF right after a line end) the raw bytes
     * through the scan.
     */
    void writePrepared(Prepared piece) throws IOException {
        boolean atLineStart = last == '\r' || last == '\n' || last == -1;
        if (piece.raw.length == 0) {
            return;
        }
        byte first = piece.raw[0];
        if (atLineStart && (first == '.' || first == '\n')) {
            write(piece.raw, 0, piece.raw.length);
            return;
        }
        out.write(piece.stuffed);
        last = piece.raw[piece.raw.length - 1];
    }

    /** Ends the data: a CRLF if the last line is still open, then the line with the single dot. */
    public void endData() throws IOException {
        if (last != '\r' && last != '\n' && last != -1) {
            out.write(CRLF);
        }
        out.write(END);
        last = '\n';
    }

    /**
     * Does nothing: a message's writeTo flushes when it ends, which would send the data without its terminating
     * line as a packet of its own; whoever writes the terminator flushes the stream underneath.
     */
    @Override
    public void flush() {
    }

    /** Leaves the stream underneath open: the connection carries the next message. */
    @Override
    public void close() {
    }

    /**
     * A fixed piece of a body stuffed once, as it would come out when written in the middle of a line (no byte
     * before it is a line end).
     */
    static Prepared prepare(byte[] raw) {
        java.io.ByteArrayOutputStream stuffed = new java.io.ByteArrayOutputStream(raw.length + 16);
        try {
            new DotStuffingOutputStream(stuffed, 'x').write(raw, 0, raw.length);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a ByteArrayOutputStream does not throw
        }
        return new Prepared(raw, stuffed.toByteArray());
    }

    record Prepared(byte[] raw, byte[] stuffed) {
    }
}
