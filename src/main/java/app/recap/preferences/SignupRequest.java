package app.recap.preferences;

import java.util.List;

import app.recap.subscriber.DigestLength;

/**
 * A sign-up as the form sent it, already checked for shape.
 *
 * @param email       normalised (lower case, trimmed)
 * @param name        null when not given
 * @param audienceIds offered by the list, in the list's order; empty means every topic ({@code Topics})
 * @param length      the length chosen; null leaves it to the list's default
 * @param fromAnotherSite posted by a form on another site (the embeddable form): confirmed by email even on a list
 *                    without double opt-in, since whoever filled it in there need not own the address
 */
record SignupRequest(long listId, String email, String name, List<Long> audienceIds, DigestLength length,
        boolean fromAnotherSite) {
}
