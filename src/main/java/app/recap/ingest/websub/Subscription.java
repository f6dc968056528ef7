package app.recap.ingest.websub;

import java.time.Instant;

/** A feed's WebSub subscription. {@code expiresAt} is null until a hub verified it with a lease. */
record Subscription(long feedId, String hub, String topic, String token, String secret, SubscriptionStatus status,
        Instant requestedAt, Instant expiresAt, Instant lastPushAt, String lastError) {
}
