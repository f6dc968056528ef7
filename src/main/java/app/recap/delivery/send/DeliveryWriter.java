package app.recap.delivery.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

import app.recap.delivery.DeliveryOutcome;
import app.recap.delivery.DeliveryProperties;
import app.recap.delivery.DeliveryRefused;
import app.recap.delivery.DeliveryRepository;
import app.recap.delivery.DeliveryStatus;
import app.recap.delivery.message.ComposedMessage;
import app.recap.delivery.smtp.MailConnection;
import app.recap.delivery.smtp.MailConnections;
import app.recap.delivery.smtp.SmtpReply;

/**
 * Sends a chunk over one open connection and makes each message's outcome durable as soon as the relay has
 * answered for it: every SENT, FAILED, deferred (left PENDING) or SKIPPED outcome is committed on its own
 * ({@link DeliveryRepository#recordNow}, one auto-committed UPDATE) right after that message's SMTP exchange,
 * before the next message goes out. The chunk's own transaction (the step's bookkeeping) may still roll back, or
 * the process may die, but a message the relay accepted is already marked SENT and the reader, which only picks
 * up PENDING deliveries, never hands it out again.
 *
 * <p>Why per message and not per chunk: SMTP has no two-phase commit. From the moment the relay sends its
 * {@code 250} for a message until that one delivery row is committed, the relay has the message and the delivery
 * log does not know it; if the process dies in that instant (or the connection drops with the {@code 250} on the
 * wire), a restart sends that message again, with the same Message-ID. Committing per message narrows this to
 * at most one message per open connection; recording once per chunk left every message the relay had accepted
 * in the chunk so far unrecorded until the chunk ended. Nothing else is unguarded: a message whose data never
 * reached the relay in full (a process killed or a connection cut mid-message) got no {@code 250}, the relay
 * discards it and its delivery stays PENDING for the restart.
 *
 * <p>Replies: 4xx is retried with back-off (a throttling reply also lowers the send rate) and, if the relay
 * keeps deferring, left PENDING for a later run; 5xx marks the delivery FAILED with the server's words and is
 * published as a {@link DeliveryRefused} event, which the bounce module classifies (a "no such user" is a hard
 * bounce, a {@code 550 5.7.26} is not); no reply at all means the connection is gone and the step fails.
 */
public class DeliveryWriter implements ItemWriter<ComposedMessage>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final MailConnections connections;
    private final DeliveryRepository deliveries;
    private final DeliveryProperties properties;
    private final SendRateLimiter limiter;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final String label;
    private final RetryTemplate retry;
    private MailConnection connection;
    /** The relay's permanent refusal of the message just delivered, or null. */
    private SmtpReply refusal;
    private long sent;
    private long failed;
    private long skipped;
    private long deferred;
    private long startedNanos;
    private long lastProgressNanos;

    public DeliveryWriter(MailConnections connections, DeliveryRepository deliveries, DeliveryProperties properties,
            SendRateLimiter limiter, DeliveryMetrics metrics, Clock clock, String label) {
        this.connections = connections;
        this.deliveries = deliveries;
        this.properties = properties;
        this.limiter = limiter;
        this.metrics = metrics;
        this.clock = clock;
        this.label = label;
        this.retry = new RetryTemplate(RetryPolicy.builder()
                .maxRetries(properties.maxRetries())
                .delay(properties.retryDelay())
                .multiplier(2)
                .maxDelay(properties.maxRetryDelay())
                .predicate(e -> e instanceof Deferred)
                .build());
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        startedNanos = System.nanoTime();
        lastProgressNanos = startedNanos;
    }

    @Override
    public void write(Chunk<? extends ComposedMessage> chunk) throws Exception {
        try {
            for (ComposedMessage composed : chunk) {
                refusal = null;
                DeliveryOutcome outcome = deliver(composed);
                // committed before the next message goes out: see the class comment
                Instant now = clock.instant();
                // a refusal goes to the bounce module, which classifies it (hard or soft), in the outcome's commit
                DeliveryRefused refused = outcome.status() == DeliveryStatus.FAILED && refusal != null
                        ? new DeliveryRefused(outcome.deliveryId(), outcome.subscriberId(), composed.item().email(),
                                refusal.code(), refusal.text(), now)
                        : null;
                deliveries.recordNow(outcome, now, refused);
                count(outcome);
            }
        } finally {
            logProgress();
        }
        if (properties.skipLimit() >= 0 && failed + skipped > properties.skipLimit()) {
            throw new SkipLimitExceeded(label + ": " + (failed + skipped)
                    + " deliveries failed or were skipped, more than recap.delivery.skip-limit=" + properties.skipLimit());
        }
    }

    private DeliveryOutcome deliver(ComposedMessage composed) throws MessagingException, InterruptedException {
        DeliveryItem item = composed.item();
        if (composed.skipReason() != null) {
            log.info("delivery {} skipped subscriber={} reason=\"{}\"", item.deliveryId(), item.subscriberId(),
                    composed.skipReason());
            return new DeliveryOutcome(item.deliveryId(), item.subscriberId(), DeliveryStatus.SKIPPED, null, 0,
                    composed.skipReason());
        }
        AtomicInteger attempts = new AtomicInteger();
        try {
            retry.execute(() -> {
                attempts.incrementAndGet();
                limiter.acquire();
                try {
                    connection().send(composed.message(), item.email());
                    return null;
                } catch (MessagingException e) {
                    SmtpReply reply = SmtpReply.of(e);
                    if (reply.isTransient()) {
                        metrics.retried();
                        if (reply.isThrottling()) {
                            limiter.slowDown(reply.toString());
                        }
                        log.info("delivery {} deferred by relay: {}", item.deliveryId(), reply);
                        throw new Deferred(reply);
                    }
                    throw e;
                }
            });
            return new DeliveryOutcome(item.deliveryId(), item.subscriberId(), DeliveryStatus.SENT,
                    composed.messageId(), attempts.get(), null);
        } catch (RetryException exhausted) {
            Throwable cause = exhausted.getCause();
            if (cause instanceof Deferred deferred) {
                log.warn("delivery {} still deferred after {} attempts, left for a later run: {}", item.deliveryId(),
                        attempts.get(), deferred.reply);
                return new DeliveryOutcome(item.deliveryId(), item.subscriberId(), DeliveryStatus.PENDING, null,
                        attempts.get(), "deferred: " + deferred.reply);
            }
            if (cause instanceof MessagingException e) {
                SmtpReply reply = SmtpReply.of(e);
                if (!reply.isReply()) {
                    // no SMTP reply: the connection is gone; the step fails and a restart resumes here
                    closeConnection();
                    throw e;
                }
                log.warn("delivery {} failed subscriber={} reply=\"{}\"", item.deliveryId(), item.subscriberId(), reply);
                refusal = reply;
                return new DeliveryOutcome(item.deliveryId(), item.subscriberId(), DeliveryStatus.FAILED,
                        composed.messageId(), attempts.get(), reply.toString());
            }
            if (cause instanceof InterruptedException e) {
                throw e;
            }
            throw new IllegalStateException(cause);
        }
    }

    private MailConnection connection() throws MessagingException {
        if (connection == null || !connection.isOpen()) {
            closeConnection();
            connection = connections.open();
            metrics.connectionOpened();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private void count(DeliveryOutcome outcome) {
        switch (outcome.status()) {
            case SENT -> sent++;
            case FAILED -> failed++;
            case SKIPPED -> skipped++;
            case PENDING -> deferred++;
        }
        metrics.outcome(outcome.status());
    }

    private void logProgress() {
        long now = System.nanoTime();
        if (now - lastProgressNanos < PROGRESS_INTERVAL.toNanos()) {
            return;
        }
        lastProgressNanos = now;
        double seconds = (now - startedNanos) / 1e9;
        log.info("sending {} progress sent={} failed={} skipped={} deferred={} rate={}/s", label, sent, failed,
                skipped, deferred, String.format(Locale.ROOT, "%.0f", sent / Math.max(seconds, 0.001)));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        closeConnection();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        log.info("sending {} done sent={} failed={} skipped={} deferred={} seconds={}", label, sent, failed, skipped,
                deferred, String.format(Locale.ROOT, "%.1f", seconds));
        return stepExecution.getExitStatus();
    }

    /** A 4xx reply: worth another try. */
    static final class Deferred extends RuntimeException {

        final SmtpReply reply;

        Deferred(SmtpReply reply) {
            super(reply.toString(), null, false, false);
            this.reply = reply;
        }
    }

    /** More deliveries failed than the configured skip limit allows. */
    static final class SkipLimitExceeded extends RuntimeException {

        SkipLimitExceeded(String message) {
            super(message);
        }
    }
}
