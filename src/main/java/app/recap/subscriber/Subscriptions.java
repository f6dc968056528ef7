package app.recap.subscriber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The subscription life cycle the public side drives: confirmation requested and given, pauses, and purging
 * sign-ups that were never confirmed (erasure is {@link SubscriberErasure}).
 */
@Repository
public class Subscriptions {

    /**
     * One subscription as stored.
     *
     * @param pausedUntil             null when not paused
     * @param confirmationRequestedAt null unless it came through the public sign-up
     * @param confirmedAt             null until confirmed
     */
    public record Subscription(long subscriberId, long listId, SubscriptionStatus status, Instant createdAt,
            Instant updatedAt, Instant pausedUntil, Instant confirmationRequestedAt, Instant confirmedAt) {

        /** True when a pause is still in force at {@code now}. */
        public boolean pausedAt(Instant now) {
            return pausedUntil != null && pausedUntil.isAfter(now);
        }
    }

    /** What is stored about a subscriber beyond {@link SubscriberRepository.Subscriber}. */
    public record SubscriberRecord(long id, String email, String name, SubscriberStatus status, String timeZone,
            Instant createdAt) {

        public boolean suppressed() {
            return status == SubscriberStatus.BLOCKLISTED;
        }
    }

    private static final String COLUMNS = """
            subscriber_id, list_id, status, created_at, updated_at, paused_until, confirmation_requested_at,
            confirmed_at""";

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Subscription> find(long subscriberId, long listId) {
        return jdbc.sql("select " + COLUMNS + " from subscription where subscriber_id = ? and list_id = ?")
                .params(subscriberId, listId).query(Subscriptions::map).optional();
    }

    /** Every subscription of a subscriber, by list id. */
    public List<Subscription> findBySubscriber(long subscriberId) {
        return jdbc.sql("select " + COLUMNS + " from subscription where subscriber_id = ? order by list_id")
                .param(subscriberId).query(Subscriptions::map).list();
    }

    public Optional<SubscriberRecord> subscriber(long subscriberId) {
        return jdbc.sql("select id, email, name, status, time_zone, created_at from subscriber where id = ?")
                .param(subscriberId)
                .query((rs, n) -> new SubscriberRecord(rs.getLong(1), rs.getString(2), rs.getString(3),
                        SubscriberStatus.valueOf(rs.getString(4)), rs.getString(5), instant(rs, "created_at")))
                .optional();
    }

    /** Notes that a confirmation email was asked for now; the pending subscription expires from here. */
    public void confirmationRequested(long subscriberId, long listId, Instant now) {
        jdbc.sql("update subscription set confirmation_requested_at = ? where subscriber_id = ? and list_id = ?")
                .params(utc(now), subscriberId, listId).update();
    }

    /**
     * Confirms a pending subscription.
     *
     * @return false when the subscription is not UNCONFIRMED (gone, already confirmed, or unsubscribed since)
     */
    public boolean confirm(long subscriberId, long listId, Instant now) {
        return jdbc.sql("""
                update subscription set status = 'CONFIRMED', confirmed_at = ?, updated_at = ?, paused_until = null
                where subscriber_id = ? and list_id = ? and status = 'UNCONFIRMED'""")
                .params(utc(now), utc(now), subscriberId, listId).update() > 0;
    }

    /** Records consent given without the double opt-in link (single opt-in lists, switching lists). */
    public void markConfirmed(long subscriberId, long listId, Instant now) {
        jdbc.sql("update subscription set confirmed_at = ?, paused_until = null where subscriber_id = ? and list_id = ?")
                .params(utc(now), subscriberId, listId).update();
    }

    /**
     * Lifts the suppression of an address whose owner has just confirmed afresh.
     *
     * @return true when the subscriber was suppressed
     */
    public boolean liftSuppression(long subscriberId) {
        return jdbc.sql("update subscriber set status = ? where id = ? and status = ?")
                .params(SubscriberStatus.ENABLED.name(), subscriberId, SubscriberStatus.BLOCKLISTED.name()).update() > 0;
    }

    /** Pauses a subscription until a time, or resumes it when {@code until} is null. */
    public void pause(long subscriberId, long listId, Instant until, Instant now) {
        if (until == null) {
            jdbc.sql("update subscription set paused_until = null, updated_at = ? where subscriber_id = ? and list_id = ?")
                    .params(utc(now), subscriberId, listId).update();
        } else {
            jdbc.sql("update subscription set paused_until = ?, updated_at = ? where subscriber_id = ? and list_id = ?")
                    .params(utc(until), utc(now), subscriberId, listId).update();
        }
    }

    /**
     * Deletes UNCONFIRMED subscriptions whose confirmation was asked for before {@code cutoff}.
     *
     * @return the subscribers who lost a subscription, each once
     */
    public List<Long> purgeUnconfirmed(Instant cutoff) {
        // by list: both databases then read only each list's UNCONFIRMED range of ix_subscription_list_status, so no
        // index of its own (status, confirmation_requested_at) is written on every subscription insert for a purge
        // that runs now and then; the ids are written out because H2 scans the table for "in (select ...)"
        List<Long> lists = jdbc.sql("select id from newsletter_list").query(Long.class).list();
        if (lists.isEmpty()) {
            return List.of();
        }
        List<Long> subscribers = jdbc.sql("""
                select distinct subscriber_id from subscription
                where list_id in (:lists) and status = 'UNCONFIRMED' and confirmation_requested_at < :cutoff
                order by subscriber_id""")
                .param("lists", lists).param("cutoff", utc(cutoff)).query(Long.class).list();
        for (Long id : subscribers) {
            // the same condition again: a confirmation or a new request since the select keeps the row
            jdbc.sql("""
                    delete from subscription
                    where subscriber_id = ? and status = 'UNCONFIRMED' and confirmation_requested_at < ?""")
                    .params(id, utc(cutoff)).update();
        }
        return subscribers;
    }

    /**
     * Subscriptions of a list that are UNSUBSCRIBED and last changed in {@code [from, to)}: the unsubscribes an
     * edition sent at {@code from} caused, up to the next edition (no event log, so a later change to such a
     * subscription moves it out of the window).
     */
    public long countUnsubscribedBetween(long listId, Instant from, Instant to) {
        return jdbc.sql("""
                select count(*) from subscription
                where list_id = ? and status = ? and updated_at >= ? and updated_at < ?""")
                .params(listId, SubscriptionStatus.UNSUBSCRIBED.name(), utc(from), utc(to)).query(Long.class).single();
    }

    public boolean hasSubscriptions(long subscriberId) {
        return jdbc.sql("select count(*) from subscription where subscriber_id = ?").param(subscriberId)
                .query(Long.class).single() > 0;
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getLong("subscriber_id"), rs.getLong("list_id"),
                SubscriptionStatus.valueOf(rs.getString("status")), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "paused_until"), instant(rs, "confirmation_requested_at"),
                instant(rs, "confirmed_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
