package app.recap.delivery.smtp;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

/** An open way out for messages: one SMTP connection, or the outbox folder. Not thread-safe. */
public interface MailConnection extends AutoCloseable {

    /** The session messages for this connection are built in. */
    Session session();

    /**
     * Sends one message.
     *
     * @throws MessagingException an SMTP reply refusing it, or a broken connection
     */
    void send(MimeMessage message, String recipient) throws MessagingException;

    boolean isOpen();

    @Override
    void close();
}
