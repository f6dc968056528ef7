package app.recap.subscriber;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A newsletter list: who sends it, where its footer says the sender lives, and when it goes out.
 *
 * @param replyTo may be null
 */
public record NewsletterList(long id, String slug, String name, String senderName, String senderEmail,
        String replyTo, String postalAddress, DayOfWeek sendDay, LocalTime sendTime, ZoneId timeZone, Locale locale,
        boolean doubleOptIn, boolean archived) {

    /** The domain part of the sender address, used for Message-IDs and List-Id. */
    public String senderDomain() {
        return senderEmail.substring(senderEmail.indexOf('@') + 1);
    }
}
