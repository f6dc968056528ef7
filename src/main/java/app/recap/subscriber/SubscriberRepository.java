package app.recap.subscriber;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Subscribers and their subscriptions. */
@Repository
public class SubscriberRepository {

    /** A subscriber as stored. */
    public record Subscriber(long id, String email, String name, SubscriberStatus status, String timeZone) {
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    SubscriberRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    public Optional<Subscriber> findByEmail(String email) {
        return jdbc.sql("select id, email, name, status, time_zone from subscriber where email = ?")
                .param(normaliseEmail(email))
                .query((rs, n) -> new Subscriber(rs.getLong(1), rs.getString(2), rs.getString(3),
                        SubscriberStatus.valueOf(rs.getString(4)), rs.getString(5)))
                .optional();
    }

    public Optional<Subscriber> findById(long id) {
        return jdbc.sql("select id, email, name, status, time_zone from subscriber where id = ?").param(id)
                .query((rs, n) -> new Subscriber(rs.getLong(1), rs.getString(2), rs.getString(3),
                        SubscriberStatus.valueOf(rs.getString(4)), rs.getString(5)))
                .optional();
    }

    /**
     * Subscribes an address to a list with the audiences it chose, creating the subscriber if new and
     * replacing the audiences of an existing subscription.
     *
     * @param audienceIds in the subscriber's order
     * @return the subscriber id
     */
    @Transactional
    public long subscribe(long listId, String email, String name, String timeZone, List<Long> audienceIds,
            SubscriptionStatus status, Instant now) {
        String address = normaliseEmail(email);
        long subscriberId = findByEmail(address).map(Subscriber::id).orElseGet(() -> insertSubscriber(address, name, timeZone, now));
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        int updated = jdbc.sql("update subscription set status = ?, updated_at = ? where subscriber_id = ? and list_id = ?")
                .params(status.name(), at, subscriberId, listId).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into subscription (subscriber_id, list_id, status, created_at, updated_at)
                    values (?, ?, ?, ?, ?)""").params(subscriberId, listId, status.name(), at, at).update();
        }
        setAudiences(subscriberId, listId, audienceIds);
        return subscriberId;
    }

    /** Replaces the audiences a subscriber follows on a list; takes effect for the next edition. */
    @Transactional
    public void setAudiences(long subscriberId, long listId, List<Long> audienceIds) {
        List<Long> distinct = audienceIds.stream().distinct().toList();
        jdbc.sql("delete from subscription_audience where subscriber_id = ? and list_id = ?")
                .params(subscriberId, listId).update();
        int order = 0;
        for (Long audienceId : distinct) {
            jdbc.sql("""
                    insert into subscription_audience (subscriber_id, list_id, audience_id, sort_order)
                    values (?, ?, ?, ?)""").params(subscriberId, listId, audienceId, order++).update();
        }
        jdbc.sql("update subscription set audience_key = ? where subscriber_id = ? and list_id = ?")
                .params(distinct.stream().map(String::valueOf).collect(Collectors.joining(",")), subscriberId, listId)
                .update();
    }

    /** The length a subscriber chose on a list; empty when they left it to the list's default. */
    public Optional<DigestLength> lengthOf(long subscriberId, long listId) {
        return jdbc.sql("select digest_length from subscription where subscriber_id = ? and list_id = ?")
                .params(subscriberId, listId).query((rs, n) -> Optional.ofNullable(DigestLength.parse(rs.getString(1))))
                .optional().flatMap(l -> l);
    }

    /** Sets the length a subscriber gets on a list; null leaves it to the list's default. */
    public void setLength(long subscriberId, long listId, DigestLength length) {
        jdbc.sql("update subscription set digest_length = ? where subscriber_id = ? and list_id = ?")
                .params(length == null ? null : length.name(), subscriberId, listId).update();
    }

    /** Changes a subscription's status; returns false when there is no such subscription. */
    public boolean setStatus(long subscriberId, long listId, SubscriptionStatus status, Instant now) {
        // every way a subscription ends comes through here, so this is where Unsubscribed is told, once per ending
        boolean ends = status == SubscriptionStatus.UNSUBSCRIBED && statusOf(subscriberId, listId)
                .filter(before -> before != SubscriptionStatus.UNSUBSCRIBED).isPresent();
        boolean changed = jdbc.sql("update subscription set status = ?, updated_at = ? where subscriber_id = ? and list_id = ?")
                .params(status.name(), now.atOffset(ZoneOffset.UTC), subscriberId, listId).update() > 0;
        if (changed && ends) {
            events.publishEvent(new Unsubscribed(subscriberId, listId, now));
        }
        return changed;
    }

    public Optional<SubscriptionStatus> statusOf(long subscriberId, long listId) {
        return jdbc.sql("select status from subscription where subscriber_id = ? and list_id = ?")
                .params(subscriberId, listId).query(String.class).optional().map(SubscriptionStatus::valueOf);
    }

    /** Subscribers that receive the next edition of a list: confirmed subscription, enabled subscriber. */
    public long countActive(long listId) {
        return jdbc.sql("""
                select count(*) from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ? and s.status = 'CONFIRMED' and u.status = ?""")
                .params(listId, SubscriberStatus.ENABLED.name()).query(Long.class).single();
    }

    /**
     * Who a list's confirmed subscriptions reach at {@code now}.
     *
     * @param receiving confirmed, enabled and not paused: the next edition goes to them
     * @param paused    confirmed and enabled, but paused past {@code now}
     * @param suppressed confirmed, but the address is on the suppression list (blocklisted)
     */
    public record Reach(long receiving, long paused, long suppressed) {
    }

    public Reach reach(long listId, Instant now) {
        return jdbc.sql("""
                select count(case when u.status = ? and (s.paused_until is null or s.paused_until <= ?) then 1 end),
                    count(case when u.status = ? and s.paused_until > ? then 1 end),
                    count(case when u.status <> ? then 1 end)
                from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ? and s.status = 'CONFIRMED'""")
                .params(SubscriberStatus.ENABLED.name(), now.atOffset(ZoneOffset.UTC), SubscriberStatus.ENABLED.name(),
                        now.atOffset(ZoneOffset.UTC), SubscriberStatus.ENABLED.name(), listId)
                .query((rs, n) -> new Reach(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    /**
     * Subscribers an edition sent now would reach, by audience combination (the subscription's audience key,
     * audience ids in the subscriber's order, empty for "all the list offers"): confirmed, enabled, not paused
     * past {@code now}; the same people the send prepares deliveries for.
     */
    public Map<String, Long> reachByAudienceKey(long listId, java.time.Instant now) {
        Map<String, Long> reach = new java.util.LinkedHashMap<>();
        jdbc.sql("""
                select coalesce(s.audience_key, ''), count(*) from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ? and s.status = 'CONFIRMED' and u.status = ?
                  and (s.paused_until is null or s.paused_until <= ?)
                group by coalesce(s.audience_key, '') order by count(*) desc, coalesce(s.audience_key, '')""")
                .params(listId, SubscriberStatus.ENABLED.name(), now.atOffset(ZoneOffset.UTC))
                .query((java.sql.ResultSet rs) -> {
                    reach.merge(rs.getString(1), rs.getLong(2), Long::sum);
                });
        return reach;
    }

    /** Audience ids a subscriber follows on a list, in their order. */
    public List<Long> audienceIds(long subscriberId, long listId) {
        return jdbc.sql("""
                select audience_id from subscription_audience where subscriber_id = ? and list_id = ?
                order by sort_order""").params(subscriberId, listId).query(Long.class).list();
    }

    private long insertSubscriber(String email, String name, String timeZone, Instant now) {
        try {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("insert into subscriber (email, name, status, time_zone, created_at) values (?, ?, ?, ?, ?)")
                    .params(email, name, SubscriberStatus.ENABLED.name(), timeZone, now.atOffset(ZoneOffset.UTC)).update(keys, "id");
            return keys.getKey().longValue();
        } catch (DuplicateKeyException raced) {
            return findByEmail(email).orElseThrow().id();
        }
    }

    /** Addresses are stored and compared in lower case. */
    public static String normaliseEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
