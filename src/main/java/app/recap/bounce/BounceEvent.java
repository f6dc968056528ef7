package app.recap.bounce;

/**
 * One recipient's outcome read from a bounce message.
 *
 * @param recipient  the failed address, lower-cased; null when nothing in the message names it
 * @param status     enhanced status code, null for complaints and auto-replies
 * @param diagnostic the server's own words (e.g. {@code 550 5.1.1 <a@b.example>: User unknown}), at most 1000
 *                   characters; null when none was given
 * @param deliveryId the delivery this answers, when the VERP address or the returned Message-ID names it
 * @param subscriberId the subscriber it concerns, when known
 */
public record BounceEvent(String recipient, BounceType type, String status, String reason, String diagnostic,
        Long deliveryId, Long subscriberId) {
}
