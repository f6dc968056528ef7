package app.recap.delivery.smtp;

import jakarta.mail.MessagingException;

/** Opens connections to where messages go. */
public interface MailConnections {

    MailConnection open() throws MessagingException;

    /** A short description for logs, e.g. {@code smtp://relay:587} or {@code outbox data/outbox}. */
    String describe();
}
