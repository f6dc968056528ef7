package app.recap.subscriber;

/**
 * A subscriber's own standing, separate from each subscription's {@link SubscriptionStatus}: only an ENABLED
 * subscriber receives the lists it is CONFIRMED on.
 */
public enum SubscriberStatus {
    /** May be mailed. */
    ENABLED,
    /** Suppressed: never mailed (the address is on the suppression list, or bounced too often). */
    BLOCKLISTED,
    /** Erased by an administrator: a placeholder row without personal data, kept so the delivery log's counts stay. */
    ERASED
}
