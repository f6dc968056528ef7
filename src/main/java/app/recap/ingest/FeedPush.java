package app.recap.ingest;

import java.time.Instant;

/**
 * Where a feed's WebSub push subscription stands.
 *
 * @param status    PENDING, ACTIVE, DENIED, FAILED or UNSUBSCRIBING
 * @param expiresAt when the hub's lease ends; null until a hub verified the subscription
 * @param lastPushAt the last push that was signed and read; null before the first
 * @param lastError the last problem (a failed request, a denial, a forged push), in words; null when none
 */
public record FeedPush(String status, String hub, String topic, Instant expiresAt, Instant lastPushAt,
        String lastError) {
}
