package app.recap.delivery.message;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;

import org.eclipse.angus.mail.smtp.SMTPMessage;

import app.recap.delivery.dkim.DkimSigner;

/**
 * A digest message whose body is already encoded: {@link #writeTo} writes the headers and the ready bytes,
 * skipping Jakarta Mail's per-message multipart machinery (which also looks up its stream provider through
 * a ServiceLoader for every part). The Message-ID is ours and deterministic, so a copy resent after a crash
 * carries the same one. A DKIM signature is made here too ({@link #sign}), over the very lines and bytes
 * {@link #writeTo} writes.
 */
public final class DigestMimeMessage extends SMTPMessage {

    private static final byte[] CRLF = {'\r', '\n'};

    private final DigestBody body;
    private final Map<String, String> personal;
    private boolean useSevenBit;
    private byte[] bytes;
    private List<String> signature = List.of();

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
            signature = List.of();
        }
        useSevenBit = !relaySupports8bit;
        setMailExtension(relaySupports8bit ? "BODY=8BITMIME" : null);
    }

    /**
     * Signs the message as it will be written: call after {@link #prepareFor} and after the last header change.
     * The DKIM-Signature fields go first, above the signed ones.
     */
    public void sign(DkimSigner signer) throws MessagingException {
        signature = List.of();
        if (signer.enabled()) {
            byte[] body = bytes();
            signature = signer.sign(Collections.list(getAllHeaderLines()), StandardCharsets.UTF_8, body, 0, body.length);
        }
    }

    private byte[] bytes() {
        if (bytes == null) {
            bytes = body.render(personal, useSevenBit);
        }
        return bytes;
    }

    @Override
    public void setHeader(String name, String value) throws MessagingException {
        super.setHeader(name, value);
        signature = List.of(); // a signature covers the headers as they were
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
        for (String field : signature) {
            os.write(field.getBytes(StandardCharsets.UTF_8));
            os.write(CRLF);
        }
        Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
        while (lines.hasMoreElements()) {
            os.write(lines.nextElement().getBytes(StandardCharsets.UTF_8));
            os.write(CRLF);
        }
        os.write(CRLF);
        if (os instanceof DotStuffingOutputStream data) {
            // straight to the relay: the segment's pieces are stuffed already, only this reader's values are scanned
            body.writeTo(personal, useSevenBit, data);
        } else {
            os.write(bytes());
        }
        os.flush();
    }
}
