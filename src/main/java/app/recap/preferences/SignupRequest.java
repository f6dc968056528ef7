package app.recap.preferences;

import java.util.List;

/**
 * A sign-up as the form sent it, already checked for shape.
 *
 * @param email       normalised (lower case, trimmed)
 * @param name        null when not given
 * @param audienceIds offered by the list, in the list's order; empty means all the list offers
 */
record SignupRequest(long listId, String email, String name, List<Long> audienceIds) {
}
