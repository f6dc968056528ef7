package app.recap.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How editions are sent ({@code recap.delivery.*}).
 *
 * @param chunkSize        messages per chunk: sent over one connection, outcomes logged together; also the
 *                         most a hard crash can send twice
 * @param partitions       key ranges the send step splits the edition's deliveries into
 * @param threads          partitions sent at once, each over its own SMTP connection
 * @param ratePerSecond    messages per second across all threads, 0 for no limit; halved while the relay
 *                         answers with throttling replies
 * @param maxRetries       retries of a message the relay defers with a 4xx reply
 * @param retryDelay       first wait before a retry, doubled each time up to {@code maxRetryDelay}
 * @param maxRetryDelay    longest wait between retries
 * @param skipLimit        failed or skipped deliveries one partition tolerates before the step fails (a relay
 *                         refusing everything should stop the send, not burn the list); -1 for no limit
 * @param scheduleEnabled  send each list's edition at its send day and time
 * @param scheduleCheck    how often the schedule is checked
 * @param segmentCacheSize rendered audience combinations kept per edition (about 80 KB each)
 */
@ConfigurationProperties("recap.delivery")
public record DeliveryProperties(int chunkSize, int partitions, int threads, double ratePerSecond, int maxRetries,
        Duration retryDelay, Duration maxRetryDelay, long skipLimit, boolean scheduleEnabled,
        Duration scheduleCheck, int segmentCacheSize) {
}
