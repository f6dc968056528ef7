package app.recap.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import app.recap.lock.NodeLocks;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * Posts due deliveries from the outbox. Each endpoint is worked under its own node lock, so across a cluster one
 * node at a time talks to a receiver, in the order the events happened. A failed attempt (no answer, a non-2xx
 * answer, or an address the guard now refuses) is tried again after Spring's {@link ExponentialBackOff}; the wait
 * is stored with the row, so a restart or another node keeps the schedule.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final String USER_AGENT = "Recap-Webhooks/1";

    private final WebhookOutbox outbox;
    private final WebhookEndpoints endpoints;
    private final NodeLocks locks;
    private final WebhookProperties properties;
    private final ExponentialBackOff backOff;
    private final Clock clock;
    private final HttpClient client;

    WebhookDispatcher(WebhookOutbox outbox, WebhookEndpoints endpoints, NodeLocks locks, WebhookProperties properties,
            Clock clock) {
        this.outbox = outbox;
        this.endpoints = endpoints;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
        this.backOff = new ExponentialBackOff(properties.backoffInitial().toMillis(), properties.backoffMultiplier());
        this.backOff.setMaxInterval(properties.backoffMax().toMillis());
        this.client = HttpClient.newBuilder().connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(initialDelayString = "${recap.webhooks.poll-interval:5s}",
            fixedDelayString = "${recap.webhooks.poll-interval:5s}")
    void poll() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.error("webhooks: poll failed: {}", e.toString(), e);
        }
    }

    /** Attempts every delivery due now, endpoint by endpoint; returns the number of attempts made here. */
    public int deliverDue() {
        int attempts = 0;
        for (long endpointId : outbox.endpointsWithDue(clock.instant())) {
            Optional<SimpleLock> lock = locks.tryLock("webhook-endpoint-" + endpointId);
            if (lock.isEmpty()) {
                continue; // another node is at it
            }
            try {
                attempts += deliver(endpointId);
            } finally {
                lock.get().unlock();
            }
        }
        return attempts;
    }

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    Duration backOff(int attempts) {
        BackOffExecution execution = backOff.start();
        long wait = 0;
        for (int i = 0; i < attempts; i++) {
            wait = execution.nextBackOff();
        }
        return Duration.ofMillis(wait);
    }

    private int deliver(long endpointId) {
        Optional<WebhookEndpoint> endpoint = endpoints.find(endpointId).filter(WebhookEndpoint::enabled);
        if (endpoint.isEmpty()) {
            return 0;
        }
        int attempts = 0;
        // read after taking the lock, so a delivery another node has just made is not made again
        for (WebhookOutbox.Due due : outbox.due(endpointId, clock.instant(), properties.batchSize())) {
            attempts++;
            if (!attempt(endpoint.get(), due)) {
                break; // the receiver is in trouble: the rest wait for the next poll instead of each timing out now
            }
        }
        return attempts;
    }

    private boolean attempt(WebhookEndpoint endpoint, WebhookOutbox.Due due) {
        URI uri = URI.create(endpoint.url());
        Optional<String> refusal = endpoints.refusal(uri);
        if (refusal.isPresent()) {
            failed(endpoint, due, null, refusal.get());
            return false;
        }
        Instant now = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(properties.readTimeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", USER_AGENT)
                .header("Recap-Event", due.eventType())
                .header("Recap-Delivery", due.eventId())
                .header(WebhookSignature.HEADER, WebhookSignature.header(endpoint.secret(), now.getEpochSecond(),
                        due.payload()))
                .POST(HttpRequest.BodyPublishers.ofString(due.payload(), StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            if (code >= 200 && code < 300) {
                outbox.delivered(due.id(), code, clock.instant());
                log.info("webhook delivered endpoint={} delivery={} event={} status={} attempt={}", endpoint.id(),
                        due.id(), due.eventType(), code, due.attempts() + 1);
                return true;
            }
            failed(endpoint, due, code, "HTTP " + code);
        } catch (IOException e) {
            failed(endpoint, due, null, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(endpoint, due, null, "interrupted");
        }
        return false;
    }

    private void failed(WebhookEndpoint endpoint, WebhookOutbox.Due due, Integer code, String error) {
        int attempts = due.attempts() + 1;
        Instant next = attempts >= properties.maxAttempts() ? null : clock.instant().plus(backOff(attempts));
        outbox.failed(due.id(), code, error, next);
        log.warn("webhook failed endpoint={} delivery={} event={} attempt={} error={} next={}", endpoint.id(), due.id(),
                due.eventType(), attempts, error, next == null ? "given up" : next);
    }
}
