package app.recap.subscriber;

/** Where a subscriber stands with one list. Only CONFIRMED subscriptions receive editions. */
public enum SubscriptionStatus {
    UNCONFIRMED, CONFIRMED, UNSUBSCRIBED
}
