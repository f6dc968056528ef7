package app.recap.delivery.message;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A digest message whose body is already encoded: {@link #writeTo} writes the headers and the ready bytes,
 * skipping Jakarta Mail's per-message multipart machinery (which also looks up its stream provider through
 * a ServiceLoader for every part). The Message-ID is ours and deterministic, so a copy resent after a crash
 * carries the same one.
 */
public final class DigestMimeMessage extends SMTPMessage {

    private static final byte[] CRLF = {'\r', '\n'};

    private final DigestBody body;
    private final Map<String, String> personal;
    private boolean useSevenBit;
    private byte[] bytes;

    /**
     * @param body     the segment's encoded body
     * @param personal this subscriber's values for the body's placeholders
     */
    DigestMimeMessage(Session session, String messageId, DigestBody body, Map<String, String> personal)
            throws MessagingException {
        super(session);
        this.body = body;
        this.personal = personal;
        setHeader("MIME-Version", "1.0");
        setHeader("Message-ID", messageId);
        setHeader("Content-Type", body.contentType());
    }

    /** Chooses the body for the relay at hand: 8bit (with BODY=8BITMIME) or quoted-printable. */
    public void prepareFor(boolean relaySupports8bit) {
        if (useSevenBit == relaySupports8bit) {
            bytes = null;
        }
        useSevenBit = !relaySupports8bit;
        setMailExtension(relaySupports8bit ? "BODY=8BITMIME" : null);
    }

    private byte[] bytes() {
        if (bytes == null) {
            bytes = body.render(personal, useSevenBit);
        }
        return bytes;
    }

    @Override
    public void saveChanges() {
        // every header is set when the message is built; there is nothing to derive from the content
    }

    @Override
    protected void updateMessageID() {
        // keep ours
    }

    @Override
    public int getSize() {
        return bytes().length;
    }

    @Override
    public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
        Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
        while (lines.hasMoreElements()) {
            os.write(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            os.write(CRLF);
        }
        os.write(CRLF);
        os.write(bytes());
        os.flush();
    }
}
