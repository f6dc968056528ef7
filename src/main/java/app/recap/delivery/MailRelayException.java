package app.recap.delivery;

import jakarta.mail.MessagingException;

/**
 * The mail relay refused a message or could not be reached. Thrown to other modules in place of Jakarta Mail's
 * exception, so Jakarta Mail stays inside delivery; the message is the relay's (or Jakarta Mail's) own.
 */
public class MailRelayException extends RuntimeException {

    MailRelayException(MessagingException cause) {
        super(cause.getMessage(), cause);
    }
}
