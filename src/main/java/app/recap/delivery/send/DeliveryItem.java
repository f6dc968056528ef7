package app.recap.delivery.send;

/**
 * A pending delivery as the send step reads it.
 *
 * @param audienceKey the subscriber's audience ids in their order, e.g. {@code "3,1,5"}; empty for none chosen
 */
public record DeliveryItem(long deliveryId, long subscriberId, String email, String name, String audienceKey) {
}
