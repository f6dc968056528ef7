package app.recap.delivery.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.eclipse.angus.mail.smtp.SMTPMessage;

import app.recap.delivery.dkim.DkimSigner;
import app.recap.delivery.message.DigestMimeMessage;

/**
 * The embedded default when no SMTP relay is configured: each message becomes an {@code .eml} file, named for
 * its Message-ID, so a second run of the same edition overwrites rather than adds.
 */
class OutboxConnections implements MailConnections {

    private final Path directory;
    private final Session session = Session.getInstance(new Properties());
    private final MessageSigning signing;

    OutboxConnections(Path directory) {
        this(directory, DkimSigner.none());
    }

    OutboxConnections(Path directory, DkimSigner signer) {
        this.directory = directory;
        this.signing = new MessageSigning(signer);
    }

    Path directory() {
        return directory;
    }

    @Override
    public MailConnection open() throws MessagingException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new MessagingException("cannot create the outbox " + directory.toAbsolutePath(), e);
        }
        return new MailConnection() {
            @Override
            public Session session() {
                return session;
            }


            @Override
            public void send(MimeMessage message, String recipient) throws MessagingException {
                String id = message.getMessageID().replaceAll("[<>]", "").replaceAll("[^A-Za-z0-9@._-]", "_");
                Path target = directory.resolve(id + ".eml");
                Path temp = directory.resolve(id + ".eml.tmp");
                if (message instanceof DigestMimeMessage digest) {
                    digest.prepareFor(true);
                }
                MimeMessage wire = signing.signed(message, session);
                try (OutputStream out = Files.newOutputStream(temp)) {
                    // as a mailbox stores it: the envelope sender first
                    out.write(("Return-Path: <" + envelopeSender(message) + ">\r\n").getBytes(StandardCharsets.UTF_8));
                    wire.writeTo(out, MessageSigning.NOT_WRITTEN);
                } catch (IOException e) {
                    throw new MessagingException("cannot write " + temp, e);
                }
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException e) {
                    throw new MessagingException("cannot write " + target, e);
                }
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
                // nothing to release
            }
        };
    }

    /** What SMTP would send as MAIL FROM: the message's envelope sender, else its first From address. */
    private static String envelopeSender(MimeMessage message) throws MessagingException {
        if (message instanceof SMTPMessage smtp && smtp.getEnvelopeFrom() != null) {
            return smtp.getEnvelopeFrom();
        }
        Address[] from = message.getFrom();
        return from != null && from.length > 0 && from[0] instanceof InternetAddress a ? a.getAddress() : "";
    }

    @Override
    public String describe() {
        return "outbox " + directory.toAbsolutePath().normalize();
    }
}
