package app.recap.subscriber;

import java.time.Instant;

/**
 * A recipient marked a list's edition as spam; the subscription has ended and the address is suppressed.
 * Published inside the transaction that recorded it.
 *
 * @param reason as recorded on the suppression list, may be null
 */
public record ComplaintReceived(long subscriberId, long listId, String reason, Instant at) {
}
