package app.recap.preferences;

/**
 * Someone signed up to a list through the public form and a subscription was created or asked for. Published
 * inside the sign-up's transaction, before {@link ConfirmationRequested} or {@link SubscriptionConfirmed}.
 *
 * @param name               as typed, may be null
 * @param confirmationNeeded true when the list asks the address owner to confirm first (double opt-in)
 */
public record SignedUp(long subscriberId, long listId, String email, String name, boolean confirmationNeeded) {
}
