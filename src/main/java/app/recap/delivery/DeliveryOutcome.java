package app.recap.delivery;

/** What happened to one delivery; recorded in the delivery log. */
record DeliveryOutcome(long deliveryId, DeliveryStatus status, String messageId, int attempts, String error) {
}
