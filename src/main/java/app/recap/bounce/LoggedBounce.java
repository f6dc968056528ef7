package app.recap.bounce;

import java.time.Instant;
import java.util.Locale;

/**
 * One event of the bounce log, as the API and the admin screens show it; the ids are null when the event could not
 * be tied to them.
 *
 * @param type   the {@link BounceType} name ({@code HARD}, {@code SOFT}, {@code COMPLAINT}, {@code AUTO_REPLY})
 * @param source where it came in: smtp, mailbox, api, ses, sendgrid, mailgun or postmark
 */
public record LoggedBounce(long id, String source, String type, String recipient, String status, String reason,
        String diagnostic, Long deliveryId, Long subscriberId, Long editionId, Long listId, Instant receivedAt) {

    /** The type as the filters spell it ({@code hard}, {@code auto-reply}). */
    public String label() {
        return type.toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
