package app.recap.delivery.smtp;

import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

/**
 * An SMTP server's refusal of one message, read from Angus Mail's exceptions.
 *
 * @param code 0 when there was no reply at all (connection lost, protocol error)
 */
public record SmtpReply(int code, String text) {

    public static SmtpReply of(MessagingException e) {
        for (Exception current = e; current != null;
                current = current instanceof MessagingException m ? m.getNextException() : null) {
            if (current instanceof SMTPAddressFailedException a) {
                return new SmtpReply(a.getReturnCode(), clean(a.getMessage()));
            }
            if (current instanceof SMTPSendFailedException s) {
                return new SmtpReply(s.getReturnCode(), clean(s.getMessage()));
            }
        }
        if (e instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                && sfe.getInvalidAddresses().length > 0) {
            return new SmtpReply(550, clean(e.getMessage()));
        }
        return new SmtpReply(0, clean(e.getMessage()));
    }

    public boolean isReply() {
        return code > 0;
    }

    public boolean isTransient() {
        return code >= 400 && code < 500;
    }

    boolean isPermanent() {
        return code >= 500;
    }

    /** Amazon SES answers "454 Throttling failure"; others say "rate limit" or "too many" with 421/450/451. */
    public boolean isThrottling() {
        String t = text.toLowerCase(Locale.ROOT);
        return isTransient() && (t.contains("throttl") || t.contains("rate limit") || t.contains("too many")
                || t.contains("rate exceeded") || t.contains("slow down"));
    }

    @Override
    public String toString() {
        return code == 0 ? text : code + " " + text;
    }

    private static String clean(String message) {
        if (message == null) {
            return "";
        }
        String text = message.strip().replaceAll("\\s+", " ");
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
