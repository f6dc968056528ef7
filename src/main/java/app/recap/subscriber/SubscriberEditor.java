package app.recap.subscriber;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Changes an administrator makes to a subscriber: add to a list, rename, and erase (the right to be forgotten).
 */
@Repository
public class SubscriberEditor {

    private final JdbcClient jdbc;
    private final SubscriberRepository subscribers;
    private final Suppressions suppressions;
    private final SubscriberErasure erasure;
    private final SubscriberSearchIndex searchIndex;

    SubscriberEditor(JdbcClient jdbc, SubscriberRepository subscribers, Suppressions suppressions,
            SubscriberErasure erasure, SubscriberSearchIndex searchIndex) {
        this.jdbc = jdbc;
        this.searchIndex = searchIndex;
        this.subscribers = subscribers;
        this.suppressions = suppressions;
        this.erasure = erasure;
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
            jdbc.sql("update subscriber set status = ? where id = ? and status = ?")
                    .params(SubscriberStatus.BLOCKLISTED.name(), id, SubscriberStatus.ENABLED.name()).update();
        }
        return id;
    }

    /** Changes the name; false when there is no such subscriber. */
    public boolean rename(long subscriberId, String name) {
        boolean renamed = jdbc.sql("update subscriber set name = ? where id = ? and status <> ?")
                .params(blankToNull(name), subscriberId, SubscriberStatus.ERASED.name()).update() > 0;
        if (renamed) {
            searchIndex.touched(List.of(subscriberId)); // so a search for the new name finds them at once
        }
        return renamed;
    }

    /**
     * Erases a subscriber's personal data as an administrator does: through {@link SubscriberErasure}, leaving an
     * anonymous placeholder row so the delivery log keeps its counts (a suppressed address keeps only its row).
     *
     * @return false when there is no such subscriber
     */
    public boolean erase(long subscriberId) {
        return erasure.erase(subscriberId, SubscriberErasure.Remains.PLACEHOLDER);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
