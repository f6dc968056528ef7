package app.recap.delivery.smtp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.util.CRLFOutputStream;

import app.recap.delivery.dkim.DkimSigner;
import app.recap.delivery.message.DigestMimeMessage;

/**
 * DKIM-signs each message right before it is written, after the transport chose its body encoding. A digest signs
 * itself over its ready bytes; any other message (confirmation, welcome) is written out once, signed over those
 * bytes (line ends made CRLF, as SMTP sends them), and sent as a copy parsed from them, which Jakarta Mail
 * writes back byte for byte instead of encoding its parts a second time.
 */
final class MessageSigning {

    /** What SMTPTransport leaves out when it writes a message; the outbox leaves out the same. */
    static final String[] NOT_WRITTEN = {"Bcc", "Content-Length"};

    private final DkimSigner signer;

    MessageSigning(DkimSigner signer) {
        this.signer = signer;
    }

    /** @return the message to write: {@code message} itself, or its signed copy */
    MimeMessage signed(MimeMessage message, Session session) throws MessagingException {
        if (!signer.enabled()) {
            return message;
        }
        if (message instanceof DigestMimeMessage digest) {
            digest.sign(signer);
            return digest;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            // text parts in 7bit keep Java's bare LFs, which SMTP turns into CRLF on the wire: sign that form
            message.writeTo(new CRLFOutputStream(out), NOT_WRITTEN);
        } catch (IOException e) {
            throw new MessagingException("cannot serialise the message to sign it", e);
        }
        byte[] wire = out.toByteArray();
        int bodyStart = bodyStart(wire);
        // ISO-8859-1 maps each byte to one char and back, so the lines are the bytes as written
        List<String> fields = fields(new String(wire, 0, bodyStart - 4, StandardCharsets.ISO_8859_1));
        List<String> signature = signer.sign(fields, StandardCharsets.ISO_8859_1, wire, bodyStart,
                wire.length - bodyStart);
        ByteArrayOutputStream signed = new ByteArrayOutputStream(wire.length + 1024);
        for (String field : signature) {
            signed.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            signed.writeBytes(new byte[] {'\r', '\n'});
        }
        signed.writeBytes(wire);
        SMTPMessage copy = new SMTPMessage(session, new ByteArrayInputStream(signed.toByteArray()));
        if (message instanceof SMTPMessage smtp) {
            copy.setEnvelopeFrom(smtp.getEnvelopeFrom());
            copy.setMailExtension(smtp.getMailExtension());
        }
        return copy;
    }

    /** Just past the blank line that ends the header. */
    private static int bodyStart(byte[] wire) throws MessagingException {
        for (int i = 0; i + 3 < wire.length; i++) {
            if (wire[i] == '\r' && wire[i + 1] == '\n' && wire[i + 2] == '\r' && wire[i + 3] == '\n') {
                return i + 4;
            }
        }
        throw new MessagingException("the message has no blank line after its header");
    }

    /** Header fields, each with its continuation lines, from a header block without its final CRLF. */
    private static List<String> fields(String header) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = null;
        for (String line : header.split("\r\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else {
                if (current != null) {
                    fields.add(current.toString());
                }
                current = new StringBuilder(line);
            }
        }
        if (current != null && !current.isEmpty()) {
            fields.add(current.toString());
        }
        return fields;
    }
}
