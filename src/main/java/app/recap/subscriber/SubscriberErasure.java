package app.recap.subscriber;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way a subscriber's personal data is erased (the right to be forgotten), whoever asks: every
 * {@link PersonalData} module erases its part, the subscriptions with their audiences go, and of the subscriber
 * row only what the caller's {@link Remains} and the suppression rule allow stays. A suppressed address always
 * keeps its row with the address and its status and nothing else, because that is what it takes never to mail
 * it again; the suppression list, if it holds the address, is kept for the same reason.
 */
@Service
public class SubscriberErasure {

    /** What is left of a subscriber who is not suppressed. Personal data stays in neither case. */
    public enum Remains {
        /** Nothing: the row and every row about the subscriber go (the subscriber's own "erase me"). */
        NOTHING,
        /**
         * An anonymous placeholder row ({@link SubscriberStatus#ERASED}, address {@code erased-<id>@erased.invalid}):
         * an administrator's erasure, so the delivery log keeps its counts for past editions.
         */
        PLACEHOLDER
    }

    private static final Logger log = LoggerFactory.getLogger(SubscriberErasure.class);

    private final JdbcClient jdbc;
    private final SubscriberRepository subscribers;
    private final List<PersonalData> modules;

    SubscriberErasure(JdbcClient jdbc, SubscriberRepository subscribers, List<PersonalData> modules) {
        this.jdbc = jdbc;
        this.subscribers = subscribers;
        this.modules = modules;
    }

    /**
     * Erases a subscriber's personal data from every module.
     *
     * @return false when there is no such subscriber
     */
    @Transactional
    public boolean erase(long subscriberId, Remains remains) {
        Optional<SubscriberRepository.Subscriber> found = subscribers.findById(subscriberId);
        if (found.isEmpty()) {
            return false;
        }
        boolean suppressed = found.get().status() == SubscriberStatus.BLOCKLISTED;
        boolean placeholder = !suppressed && remains == Remains.PLACEHOLDER;
        var erasure = new PersonalData.Erasure(subscriberId, found.get().email(), placeholder);
        for (PersonalData module : modules) {
            module.erase(erasure);
        }
        jdbc.sql("delete from subscription_audience where subscriber_id = ?").param(subscriberId).update();
        jdbc.sql("delete from subscription where subscriber_id = ?").param(subscriberId).update();
        String outcome;
        if (suppressed) {
            jdbc.sql("update subscriber set name = null, time_zone = null, last_bounce = null where id = ?")
                    .param(subscriberId).update();
            outcome = "suppressedAddressKept";
        } else if (placeholder) {
            jdbc.sql("""
                    update subscriber set email = ?, name = null, time_zone = null, last_bounce = null, status = ?
                    where id = ?""")
                    .params(placeholderEmail(subscriberId), SubscriberStatus.ERASED.name(), subscriberId).update();
            outcome = "placeholderKept";
        } else {
            jdbc.sql("delete from subscriber where id = ?").param(subscriberId).update();
            outcome = "deleted";
        }
        log.info("erased subscriber={} {}", subscriberId, outcome);
        return true;
    }

    /** The address an erased subscriber's placeholder row holds: unique, and undeliverable by definition. */
    static String placeholderEmail(long subscriberId) {
        return "erased-" + subscriberId + "@erased.invalid";
    }
}
