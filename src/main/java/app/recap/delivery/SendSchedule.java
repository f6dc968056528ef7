package app.recap.delivery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;

/**
 * When a list's editions go out: the edition of ISO week W is sent on the list's send day at its send time
 * (in the list's time zone) in the week after W, so it always covers a whole week.
 */
public final class SendSchedule {

    private SendSchedule() {
    }

    /** The date in week W+1 on which the edition of {@code week} is sent. */
    static LocalDate sendDate(NewsletterList list, IsoWeek week) {
        return week.sunday().plusDays(1).with(TemporalAdjusters.nextOrSame(list.sendDay()));
    }

    public static Instant sendInstant(NewsletterList list, IsoWeek week) {
        return sendDate(list, week).atTime(list.sendTime()).atZone(list.timeZone()).toInstant();
    }

    /** The week whose edition is due at {@code now}: the latest week whose send time has passed. */
    static IsoWeek dueWeek(NewsletterList list, Instant now) {
        ZonedDateTime local = now.atZone(list.timeZone());
        IsoWeek previous = IsoWeek.of(local.toLocalDate().minusWeeks(1));
        return now.isBefore(sendInstant(list, previous)) ? IsoWeek.of(local.toLocalDate().minusWeeks(2)) : previous;
    }
}
