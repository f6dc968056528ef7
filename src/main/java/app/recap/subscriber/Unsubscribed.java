package app.recap.subscriber;

import java.time.Instant;

/**
 * A subscription has just ended (the subscriber's link, the preference center, an administrator, or a
 * complaint). Published inside the transaction that changed it, so listeners that write in that transaction
 * (the webhook outbox) keep or lose their rows with it.
 */
public record Unsubscribed(long subscriberId, long listId, Instant at) {
}
