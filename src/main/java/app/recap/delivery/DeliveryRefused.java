package app.recap.delivery;

import java.time.Instant;

/**
 * The relay refused a delivery with a permanent (5xx) reply during the SMTP exchange. Published on the sending
 * thread right after the FAILED outcome was committed, once per delivery; what it means for the subscriber is for
 * the bounce module to decide.
 *
 * @param replyCode the SMTP reply code
 * @param replyText the reply's text as the relay gave it
 */
public record DeliveryRefused(long deliveryId, long subscriberId, String email, int replyCode, String replyText,
        Instant at) {
}
