package app.recap.delivery.message;

import jakarta.mail.internet.MimeMessage;

import app.recap.delivery.send.DeliveryItem;

/**
 * A message ready to hand to the transport, or the reason it must not be sent.
 *
 * @param message   null when {@code skipReason} is set
 * @param skipReason why the delivery is skipped (e.g. an invalid address), or null
 */
public record ComposedMessage(DeliveryItem item, MimeMessage message, String messageId, String skipReason) {
}
