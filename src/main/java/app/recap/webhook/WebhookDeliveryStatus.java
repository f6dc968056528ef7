package app.recap.webhook;

/** Where one event's delivery to one endpoint stands. */
public enum WebhookDeliveryStatus {
    /** Waiting for its next attempt. */
    PENDING,
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Given up after the last attempt. */
    FAILED
}
