package app.recap.subscriber;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes an administrator makes to a subscriber: add to a list, rename, and erase (the right to be forgotten).
 */
@Repository
public class SubscriberEditor {

    private static final Logger log = LoggerFactory.getLogger(SubscriberEditor.class);

    private final JdbcClient jdbc;
    private final SubscriberRepository subscribers;
    private final Suppressions suppressions;

    SubscriberEditor(JdbcClient jdbc, SubscriberRepository subscribers, Suppressions suppressions) {
        this.jdbc = jdbc;
        this.subscribers = subscribers;
        this.suppressions = suppressions;
    }

    /**
     * Subscribes an address to a list as an administrator would (no confirmation email). A suppressed address
     * is added blocklisted, so it is never mailed.
     *
     * @return the subscriber id
     */
    @Transactional
    public long add(long listId, String email, String name, List<Long> audienceIds, SubscriptionStatus status,
            Instant now) {
        long id = subscribers.subscribe(listId, email, blankToNull(name), null, audienceIds, status, now);
        if (suppressions.find(email).isPresent()) {
            jdbc.sql("update subscriber set status = 'BLOCKLISTED' where id = ? and status = 'ENABLED'").param(id).update();
        }
        return id;
    }

    /** Changes the name; false when there is no such subscriber. */
    public boolean rename(long subscriberId, String name) {
        return jdbc.sql("update subscriber set name = ? where id = ? and status <> 'ERASED'")
                .params(blankToNull(name), subscriberId).update() > 0;
    }

    /**
     * Erases a subscriber's personal data: subscriptions and their audiences are deleted, the address and name
     * replaced by a placeholder, delivery errors (which can quote the address) cleared. The row itself stays so
     * the delivery log keeps its counts. A suppression of the address, if any, is kept: it exists so the address
     * is never mailed again.
     *
     * @return false when there is no such subscriber
     */
    @Transactional
    public boolean erase(long subscriberId) {
        var subscriber = subscribers.findById(subscriberId);
        if (subscriber.isEmpty()) {
            return false;
        }
        jdbc.sql("delete from subscription_audience where subscriber_id = ?").param(subscriberId).update();
        jdbc.sql("delete from subscription where subscriber_id = ?").param(subscriberId).update();
        jdbc.sql("update delivery set last_error = null where subscriber_id = ?").param(subscriberId).update();
        jdbc.sql("delete from subscriber_import_rejection where email = ?").param(subscriber.get().email()).update();
        jdbc.sql("update subscriber set email = ?, name = null, time_zone = null, status = 'ERASED' where id = ?")
                .params("erased-" + subscriberId + "@erased.invalid", subscriberId).update();
        log.info("subscriber {} erased", subscriberId);
        return true;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
