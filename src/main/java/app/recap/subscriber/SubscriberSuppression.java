package app.recap.subscriber;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the mail system tells us about a subscriber's address, turned into the subscriber's standing: hard bounces
 * counted until the address is suppressed, suppression after a bounce, and complaints. The sender and a
 * bounce-processing module call this instead of writing the subscriber tables; the sender honours
 * {@link SubscriberStatus#BLOCKLISTED} from the next edition prepared.
 */
@Service
public class SubscriberSuppression {

    private static final Logger log = LoggerFactory.getLogger(SubscriberSuppression.class);
    private static final int MAX_REASON = 500;

    private final JdbcClient jdbc;
    private final SubscriberRepository subscribers;
    private final Suppressions suppressions;

    private final ApplicationEventPublisher events;

    SubscriberSuppression(JdbcClient jdbc, SubscriberRepository subscribers, Suppressions suppressions,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.subscribers = subscribers;
        this.suppressions = suppressions;
        this.events = events;
    }

    /**
     * Counts one hard bounce ("no such user") against a subscriber and remembers the relay's words; at
     * {@code limit} hard bounces the subscriber becomes {@link SubscriberStatus#BLOCKLISTED}. One UPDATE, run in
     * the caller's transaction when there is one (the sender records the delivery's outcome and this bounce in
     * one commit), so a replayed outcome that the caller does not record again is not counted twice.
     *
     * @param reason the relay's reply, may be null; cut to 500 characters
     * @return false when there is no such subscriber
     */
    @Transactional
    public boolean recordHardBounce(long subscriberId, String reason, int limit) {
        boolean found = jdbc.sql("""
                update subscriber set hard_bounces = hard_bounces + 1, last_bounce = ?,
                    status = case when hard_bounces + 1 >= ? and status = ? then ? else status end
                where id = ?""")
                .params(truncate(reason), limit, SubscriberStatus.ENABLED.name(), SubscriberStatus.BLOCKLISTED.name(),
                        subscriberId)
                .update() > 0;
        if (found) {
            events.publishEvent(new AddressBounced(subscriberId, false, truncate(reason)));
        }
        return found;
    }

    /**
     * Suppresses a subscriber after a bounce (hard, or soft ones that kept coming): it becomes
     * {@link SubscriberStatus#BLOCKLISTED} and is not mailed again until the suppression is lifted (a fresh
     * confirmation, or an administrator). Its subscriptions are left as they are. Not for the suppression list
     * of addresses: see {@link #unsubscribeAfterComplaint}.
     *
     * @param reason what the mail system said, may be null; kept as the subscriber's last bounce
     * @return false when there is no such subscriber or it was erased
     */
    @Transactional
    public boolean suppressAfterBounce(long subscriberId, String reason) {
        boolean changed = jdbc.sql("""
                update subscriber set last_bounce = ?, status = case when status = ? then ? else status end
                where id = ? and status <> ?""")
                .params(truncate(reason), SubscriberStatus.ENABLED.name(), SubscriberStatus.BLOCKLISTED.name(),
                        subscriberId, SubscriberStatus.ERASED.name())
                .update() > 0;
        if (changed) {
            log.info("suppressed subscriber={} after bounce", subscriberId);
            events.publishEvent(new AddressBounced(subscriberId, true, truncate(reason)));
        }
        return changed;
    }

    /**
     * Handles a complaint (the recipient marked an edition as spam): the subscription to that list ends
     * (UNSUBSCRIBED) and the address goes on the suppression list with {@code reason}, which blocklists the
     * subscriber, so no list mails it again unless an administrator lifts the suppression.
     *
     * @param actor who records it, e.g. {@code "bounces"}; shown on the suppression list
     * @return false when there is no such subscriber or it was erased
     */
    @Transactional
    public boolean unsubscribeAfterComplaint(long subscriberId, long listId, String reason, String actor,
            Instant now) {
        var subscriber = subscribers.findById(subscriberId);
        if (subscriber.isEmpty() || subscriber.get().status() == SubscriberStatus.ERASED) {
            return false;
        }
        subscribers.setStatus(subscriberId, listId, SubscriptionStatus.UNSUBSCRIBED, now);
        suppressions.add(subscriber.get().email(), reason, actor, now);
        log.info("complaint subscriber={} list={}: unsubscribed and suppressed", subscriberId, listId);
        events.publishEvent(new ComplaintReceived(subscriberId, listId, reason, now));
        return true;
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON);
    }
}
