package app.recap.webhook;

import java.time.Instant;

/**
 * One line of an endpoint's delivery log.
 *
 * @param nextAttemptAt null unless PENDING
 * @param lastStatusCode the receiver's HTTP status at the last attempt, null before one or when none came back
 * @param lastError why the last attempt failed, null after a success
 */
public record WebhookDelivery(long id, long endpointId, String eventId, String eventType, WebhookDeliveryStatus status,
        int attempts, Instant nextAttemptAt, Integer lastStatusCode, String lastError, Instant createdAt,
        Instant deliveredAt) {
}
