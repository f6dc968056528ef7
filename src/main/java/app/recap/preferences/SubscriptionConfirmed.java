package app.recap.preferences;

/**
 * A subscription has just become active (double opt-in link opened, or sign-up to a list without double opt-in):
 * a welcome email with the subscriber's own links must go to {@code email}. Delivery sends it.
 *
 * @param name may be null
 */
public record SubscriptionConfirmed(long subscriberId, long listId, String email, String name, String preferencesUrl,
        String unsubscribeUrl) {
}
