package app.recap.delivery;

import java.time.Instant;

/**
 * An edition has gone out: nothing of it is pending any more. Published once, by the run that finished it.
 *
 * @param week    the ISO week, e.g. {@code 2026-W48}
 * @param sent    deliveries accepted by the relay
 * @param failed  deliveries that failed for good
 * @param skipped deliveries not attempted (subscriber gone or suppressed meanwhile)
 */
public record EditionSent(long editionId, long listId, String listSlug, String week, long sent, long failed,
        long skipped, Instant at) {
}
