package app.recap.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a chunk over one open connection and logs each outcome. The log is written in its own transaction
 * as soon as the chunk's messages are out, and also when the connection breaks mid-chunk, so messages the
 * relay accepted are never sent again on restart even though the chunk itself rolls back.
 */
class DeliveryWriter implements ItemWriter<ComposedMessage>, StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWriter.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(10);

    private final MailConnections connections;
    private final DeliveryRepository deliveries;
    private final TransactionTemplate ownTransaction;
    private final MailProperties properties;
    private final Clock clock;
    private final String editionLabel;
    private MailConnection connection;
    private long sent;
    private long failed;
    private long skipped;
    private long startedNanos;
    private long lastProgressNanos;

    DeliveryWriter(MailConnections connections, DeliveryRepository deliveries, PlatformTransactionManager transactions,
            MailProperties properties, Clock clock, String editionLabel) {
        this.connections = connections;
        this.deliveries = deliveries;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.properties = properties;
        this.clock = clock;
        this.editionLabel = editionLabel;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        startedNanos = System.nanoTime();
        lastProgressNanos = startedNanos;
    }

    @Override
    public void write(Chunk<? extends ComposedMessage> chunk) throws Exception {
        List<DeliveryOutcome> outcomes = new ArrayList<>(chunk.size());
        try {
            for (ComposedMessage composed : chunk) {
                outcomes.add(deliver(composed));
            }
        } finally {
            ownTransaction.executeWithoutResult(tx -> deliveries.record(outcomes, clock.instant()));
            for (DeliveryOutcome o : outcomes) {
                switch (o.status()) {
                    case SENT -> sent++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                    default -> { }
                }
            }
            logProgress();
        }
    }

    private DeliveryOutcome deliver(ComposedMessage composed) throws MessagingException, InterruptedException {
        long id = composed.item().deliveryId();
        if (composed.skipReason() != null) {
            log.info("delivery {} skipped subscriber={} reason=\"{}\"", id, composed.item().subscriberId(),
                    composed.skipReason());
            return new DeliveryOutcome(id, DeliveryStatus.SKIPPED, null, 0, composed.skipReason());
        }
        Duration backoff = properties.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                connection().send(composed.message(), composed.item().email());
                return new DeliveryOutcome(id, DeliveryStatus.SENT, composed.messageId(), attempt, null);
            } catch (MessagingException e) {
                int code = replyCode(e);
                if (code == 0) {
                    // no SMTP reply: the connection is gone; the step fails and a restart resumes here
                    closeConnection();
                    throw e;
                }
                String reply = code + " " + replyText(e);
                if (code >= 400 && code < 500 && attempt < properties.maxAttempts()) {
                    log.info("delivery {} deferred by relay, retry in {} ms: {}", id, backoff.toMillis(), reply);
                    Thread.sleep(backoff.toMillis());
                    backoff = backoff.multipliedBy(2);
                    continue;
                }
                log.warn("delivery {} failed subscriber={} reply=\"{}\"", id, composed.item().subscriberId(), reply);
                return new DeliveryOutcome(id, DeliveryStatus.FAILED, composed.messageId(), attempt, reply);
            }
        }
    }

    private MailConnection connection() throws MessagingException {
        if (connection == null || !connection.isOpen()) {
            closeConnection();
            connection = connections.open();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    /** The SMTP reply code carried by a refusal, or 0 when the failure was not a reply (I/O, protocol). */
    static int replyCode(MessagingException e) {
        for (Exception current = e; current != null;
                current = current instanceof MessagingException m ? m.getNextException() : null) {
            if (current instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (current instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
        }
        if (e instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                && sfe.getInvalidAddresses().length > 0) {
            return 550;
        }
        return 0;
    }

    private static String replyText(MessagingException e) {
        String text = e.getMessage();
        for (Exception next = e.getNextException(); next != null;
                next = next instanceof MessagingException m ? m.getNextException() : null) {
            if (next instanceof SMTPAddressFailedException || next instanceof SMTPSendFailedException) {
                text = next.getMessage();
            }
        }
        return text == null ? "" : text.strip();
    }

    private void logProgress() {
        long now = System.nanoTime();
        if (now - lastProgressNanos < PROGRESS_INTERVAL.toNanos()) {
            return;
        }
        lastProgressNanos = now;
        double seconds = (now - startedNanos) / 1e9;
        log.info("sending {} progress sent={} failed={} skipped={} rate={}/s", editionLabel, sent, failed, skipped,
                String.format(Locale.ROOT, "%.0f", sent / Math.max(seconds, 0.001)));
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        closeConnection();
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        log.info("sending {} step done sent={} failed={} skipped={} seconds={}", editionLabel, sent, failed, skipped,
                String.format(Locale.ROOT, "%.1f", seconds));
        return stepExecution.getExitStatus();
    }
}
