package app.recap.delivery.send;

import app.recap.subscriber.DigestLength;

/**
 * A pending delivery as the send step reads it.
 *
 * @param audienceKey the subscriber's audience ids in their order, e.g. {@code "3,1,5"}; empty for none chosen
 * @param length      the length the subscriber chose; null for the list's default
 */
public record DeliveryItem(long deliveryId, long subscriberId, String email, String name, String audienceKey,
        DigestLength length) {

    /** A delivery at the list's default length. */
    public DeliveryItem(long deliveryId, long subscriberId, String email, String name, String audienceKey) {
        this(deliveryId, subscriberId, email, name, audienceKey, null);
    }
}
