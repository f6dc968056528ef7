package app.recap.delivery;

/**
 * What happened to one delivery; recorded in the delivery log.
 *
 * @param status     PENDING when the relay kept deferring it (a later run retries)
 */
public record DeliveryOutcome(long deliveryId, long subscriberId, DeliveryStatus status, String messageId, int attempts,
        String error) {
}
