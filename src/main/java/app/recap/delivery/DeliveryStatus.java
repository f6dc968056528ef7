package app.recap.delivery;

/**
 * A delivery's state. PENDING is the only one the send step picks up. BOUNCED and COMPLAINED follow SENT when a
 * bounce or a feedback report answers the delivery later.
 */
public enum DeliveryStatus {
    PENDING, SENT, FAILED, SKIPPED, BOUNCED, COMPLAINED
}
