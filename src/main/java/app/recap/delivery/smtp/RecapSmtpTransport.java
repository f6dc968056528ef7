package app.recap.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import app.recap.delivery.message.DigestMimeMessage;
import app.recap.delivery.message.DotStuffingOutputStream;

/**
 * Angus Mail's SMTP transport (connection, EHLO, STARTTLS, AUTH, timeouts stay Angus's) with a shorter way to send
 * one digest to one recipient ({@link #sendDigest}):
 * <ul>
 * <li>MAIL, RCPT and DATA go out together and their three replies are read after, where the relay offers
 * PIPELINING (RFC 2920): two round trips per message instead of four. Only one message's commands are ever in
 * flight, so each message still gets its final reply before the next one starts, and its outcome is recorded
 * before that (the delivery guarantee is unchanged).</li>
 * <li>The message is dot-stuffed in bulk ({@link DotStuffingOutputStream}) instead of through Angus's stream, which
 * looks at every byte twice.</li>
 * <li>{@link #connectedWithoutProbe} tells whether the connection is open without Angus's {@code isConnected()},
 * which sends a NOOP and waits for its reply.</li>
 * </ul>
 * Writing the data needs the transport's own buffered socket stream, a private field of Angus's class; if a later
 * Angus renames it, {@link #canSendDigests} is false and every message goes through Angus's {@code sendMessage} as
 * before.
 */
public class RecapSmtpTransport extends SMTPTransport {

    private static final VarHandle SERVER_OUTPUT = serverOutput();

    private volatile boolean open;

    /** Called by the session, for the {@code smtp} and the {@code smtps} protocol alike. */
    public RecapSmtpTransport(Session session, URLName url) {
        super(session, url, url.getProtocol(), "smtps".equals(url.getProtocol()));
    }

    private static VarHandle serverOutput() {
        try {
            return MethodHandles.privateLookupIn(SMTPTransport.class, MethodHandles.lookup())
                    .findVarHandle(SMTPTransport.class, "serverOutput", OutputStream.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    static boolean canSendDigests() {
        return SERVER_OUTPUT != null;
    }

    @Override
    protected synchronized void setConnected(boolean connected) {
        super.setConnected(connected);
        open = connected;
    }

    /**
     * Whether the connection is open as far as this side knows: neither closed nor dropped after an error Angus
     * saw. A relay that closed an idle connection is only noticed on the next command.
     */
    boolean connectedWithoutProbe() {
        return open;
    }

    /**
     * Sends a digest: addresses in plain ASCII (see {@link #suits}), the message's envelope sender as MAIL FROM
     * with its mail extension (BODY=8BITMIME). Failures are thrown as Angus's own {@code sendMessage} throws them:
     * {@link SMTPAddressFailedException} for a refused recipient, {@link SMTPSendFailedException} for a refused
     * MAIL, DATA or message, a plain {@link MessagingException} when no reply came.
     */
    synchronized void sendDigest(DigestMimeMessage message, String from, String to) throws MessagingException {
        checkConnected();
        String extension = message.getMailExtension();
        String mail = "MAIL FROM:<" + from + ">" + (extension == null || extension.isBlank() ? "" : " " + extension);
        String rcpt = "RCPT TO:<" + to + ">";
        OutputStream out = (OutputStream) SERVER_OUTPUT.get((SMTPTransport) this);
        Reply mailReply;
        Reply rcptReply;
        Reply dataReply;
        try {
            if (supportsExtension("PIPELINING")) {
                out.write((mail + "\r\n" + rcpt + "\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                mailReply = read();
                rcptReply = read();
                dataReply = read();
                if (dataReply.code == 354 && (mailReply.code != 250 || !rcptReply.accepted())) {
                    // a relay that takes DATA after refusing the sender or recipient gets empty data (RFC 2920)
                    out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    read();
                }
            } else {
                mailReply = command(out, mail);
                rcptReply = mailReply.code == 250 ? command(out, rcpt) : null;
                dataReply = rcptReply != null && rcptReply.accepted() ? command(out, "DATA") : null;
            }
            if (mailReply.code != 250) {
                reset();
                throw new SMTPSendFailedException(mail, mailReply.code, mailReply.text, null, null, recipient(to), null);
            }
            if (!rcptReply.accepted()) {
                reset();
                throw new SMTPAddressFailedException(new InternetAddress(to), rcpt, rcptReply.code, rcptReply.text);
            }
            if (dataReply.code != 354) {
                reset();
                throw new SMTPSendFailedException("DATA", dataReply.code, dataReply.text, null, null, recipient(to), null);
            }
            DotStuffingOutputStream data = new DotStuffingOutputStream(out);
            message.writeTo(data, MessageSigning.NOT_WRITTEN);
            data.endData();
            out.flush();
        } catch (IOException e) {
            close();
            throw new MessagingException("IOException while sending message", e);
        }
        Reply done = read();
        if (done.code != 250) {
            throw new SMTPSendFailedException(".", done.code, done.text, null, null, recipient(to), null);
        }
    }

    /** Whether {@link #sendDigest} can take these addresses: ASCII without controls, as MAIL and RCPT carry them. */
    static boolean suits(String from, String to) {
        return plain(from) && plain(to);
    }

    private static boolean plain(String address) {
        if (address == null || address.isEmpty()) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c >= 127 || c == '<' || c == '>') {
                return false;
            }
        }
        return true;
    }

    private Reply command(OutputStream out, String command) throws IOException, MessagingException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    private Reply read() throws MessagingException {
        int code = readServerResponse();
        if (code < 0) {
            close();
            throw new MessagingException("the relay closed the connection without a reply");
        }
        return new Reply(code, getLastServerResponse());
    }

    /** Ends the refused mail transaction so the connection can carry the next message. */
    private void reset() {
        try {
            simpleCommand("RSET");
        } catch (MessagingException | IllegalStateException ignored) {
            // the relay may have closed the connection with its refusal; the next message opens a new one
        }
    }

    private static Address[] recipient(String to) {
        try {
            return new Address[] {new InternetAddress(to)};
        } catch (MessagingException e) {
            return null;
        }
    }

    @Override
    public synchronized void close() {
        try {
            super.close();
        } catch (MessagingException ignored) {
            // the relay may already have dropped the connection
        } finally {
            open = false;
        }
    }

    private record Reply(int code, String text) {

        boolean accepted() {
            return code == 250 || code == 251;
        }
    }
}
