package app.recap.bounce.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The proofs of webhook calls already accepted (a Mailgun token, an SNS message id), each accepted once. A row is
 * kept twice as long as its provider's time window, after which the proof is refused as stale anyway.
 */
@Repository
class WebhookReceipts {

    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    WebhookReceipts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a proof unless it was recorded before; call inside the transaction that applies the call, so a call
     * that fails leaves no receipt and its retry is heard.
     *
     * @return whether this is the first time
     */
    boolean firstTime(String provider, String receiptId, Instant now, Duration window) {
        purge(now, window.multipliedBy(2));
        try {
            return jdbc.sql("""
                    insert into webhook_receipt (provider, receipt_id, received_at)
                    select ?, ?, ? where not exists (
                        select 1 from webhook_receipt where provider = ? and receipt_id = ?)""")
                    .params(provider, receiptId, now.atOffset(ZoneOffset.UTC), provider, receiptId)
                    .update() > 0;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    private void purge(Instant now, Duration keep) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_EVERY)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        jdbc.sql("delete from webhook_receipt where received_at < ?")
                .param(now.minus(keep).atOffset(ZoneOffset.UTC)).update();
    }
}
