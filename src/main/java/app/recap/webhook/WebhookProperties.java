package app.recap.webhook;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of outgoing webhooks ({@code recap.webhooks.*}).
 *
 * @param pollInterval    how often each node looks for due deliveries
 * @param backoffInitial  wait after a delivery's first failed attempt; multiplied by {@code backoffMultiplier}
 *                        after each further failure
 * @param backoffMultiplier growth of the wait per failed attempt
 * @param backoffMax      the longest wait between two attempts
 * @param maxAttempts     attempts before a delivery is given up (FAILED)
 * @param connectTimeout  TCP connect timeout per attempt
 * @param readTimeout     time allowed for the receiver's whole answer
 * @param batchSize       deliveries one endpoint gets per poll at most
 * @param allowedHosts    host names the request-forgery guard lets through even if they resolve to loopback,
 *                        private or link-local addresses (a receiver on the same machine or network)
 */
@ConfigurationProperties("recap.webhooks")
record WebhookProperties(Duration pollInterval, Duration backoffInitial, Double backoffMultiplier,
        Duration backoffMax, Integer maxAttempts, Duration connectTimeout, Duration readTimeout, Integer batchSize,
        List<String> allowedHosts) {

    WebhookProperties {
        pollInterval = pollInterval == null ? Duration.ofSeconds(5) : pollInterval;
        backoffInitial = backoffInitial == null ? Duration.ofSeconds(30) : backoffInitial;
        backoffMultiplier = backoffMultiplier == null ? 2.0 : Math.max(1.0, backoffMultiplier);
        backoffMax = backoffMax == null ? Duration.ofHours(6) : backoffMax;
        maxAttempts = maxAttempts == null ? 10 : Math.max(1, maxAttempts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        readTimeout = readTimeout == null ? Duration.ofSeconds(10) : readTimeout;
        batchSize = batchSize == null ? 50 : Math.max(1, batchSize);
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    }
}
