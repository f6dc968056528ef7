package app.recap.subscriber;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * A newsletter list: who sends it, where its footer says the sender lives, and when it goes out.
 *
 * @param replyTo    may be null
 * @param timewarp   send at {@code sendTime} in each subscriber's own time zone instead of the list's
 * @param tracking   what a click on a story link records (never null; {@link ClickTracking#ANONYMOUS} by default)
 * @param trackOpens whether the digest carries an open pixel (off by default; opens are unreliable)
 */
public record NewsletterList(long id, String slug, String name, String senderName, String senderEmail,
        String replyTo, String postalAddress, DayOfWeek sendDay, LocalTime sendTime, ZoneId timeZone, Locale locale,
        boolean doubleOptIn, boolean archived, boolean timewarp, ClickTracking tracking, boolean trackOpens) {

    public NewsletterList {
        tracking = tracking == null ? ClickTracking.ANONYMOUS : tracking;
    }

    /** A list with the default tracking: anonymous click counts, no open pixel. */
    public NewsletterList(long id, String slug, String name, String senderName, String senderEmail, String replyTo,
            String postalAddress, DayOfWeek sendDay, LocalTime sendTime, ZoneId timeZone, Locale locale,
            boolean doubleOptIn, boolean archived, boolean timewarp) {
        this(id, slug, name, senderName, senderEmail, replyTo, postalAddress, sendDay, sendTime, timeZone, locale,
                doubleOptIn, archived, timewarp, ClickTracking.ANONYMOUS, false);
    }

    /** A list sending at one time in its own time zone. */
    public NewsletterList(long id, String slug, String name, String senderName, String senderEmail, String replyTo,
            String postalAddress, DayOfWeek sendDay, LocalTime sendTime, ZoneId timeZone, Locale locale,
            boolean doubleOptIn, boolean archived) {
        this(id, slug, name, senderName, senderEmail, replyTo, postalAddress, sendDay, sendTime, timeZone, locale,
                doubleOptIn, archived, false);
    }

    /** The domain part of the sender address, used for Message-IDs and List-Id. */
    public String senderDomain() {
        return senderEmail.substring(senderEmail.indexOf('@') + 1);
    }
}
