package app.recap.preferences;

import java.time.Instant;

/**
 * Someone asked for a subscription that needs the address owner's confirmation: a confirmation email with
 * {@code confirmUrl} must go to {@code email}. Published after the request is stored; delivery sends it.
 *
 * @param name      as typed at sign-up, or stored; may be null
 * @param expiresAt when {@code confirmUrl} stops working
 */
public record ConfirmationRequested(long subscriberId, long listId, String email, String name, String confirmUrl,
        Instant expiresAt) {
}
