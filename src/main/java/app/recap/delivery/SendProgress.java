package app.recap.delivery;

/**
 * How far an edition's send has come, from the delivery log (so every node of a cluster reads the same figures).
 *
 * @param total          deliveries prepared for the edition
 * @param done           sent, failed and skipped together
 * @param due            pending and due now (the send works on these)
 * @param scheduled      pending but held for a later time-zone slot
 * @param deferred       of {@code due}, those the relay answered with a temporary failure (4xx) on every try so
 *                       far: waiting for the next run to try again
 * @param sentLastMinute messages the relay accepted in the minute before the reading
 * @param perSecond      the send rate over that minute
 * @param secondsLeft    {@code due} at that rate, rounded up; null when nothing was sent in the last minute (no rate
 *                       to go by) and something is due
 * @param percent        done of total, 0 to 100 (100 for an edition without deliveries)
 */
public record SendProgress(long total, long sent, long failed, long skipped, long done, long due, long scheduled,
        long deferred, long sentLastMinute, double perSecond, Long secondsLeft, int percent) {
}
