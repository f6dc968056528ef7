package app.recap.delivery;

/** A delivery's state. PENDING is the only one the send step picks up. */
public enum DeliveryStatus {
    PENDING, SENT, FAILED, SKIPPED
}
