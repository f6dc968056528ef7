package app.recap.ingest.websub;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SubscriptionRepository {

    private static final String COLUMNS = "feed_id, hub, topic, token, secret, status, requested_at, expires_at, "
            + "last_push_at, last_error";

    private final JdbcClient jdbc;

    SubscriptionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Subscription> findByFeed(long feedId) {
        return jdbc.sql("select " + COLUMNS + " from websub_subscription where feed_id = ?").param(feedId)
                .query(SubscriptionRepository::map).optional();
    }

    Optional<Subscription> findByToken(String token) {
        return jdbc.sql("select " + COLUMNS + " from websub_subscription where token = ?").param(token)
                .query(SubscriptionRepository::map).optional();
    }

    /** Active subscriptions whose lease ends before {@code before}, and failed or pending ones asked before it. */
    List<Subscription> dueForRenewal(Instant before, Instant retryBefore) {
        return jdbc.sql("select " + COLUMNS + " from websub_subscription where (status = 'ACTIVE' and expires_at < ?)"
                + " or (status in ('PENDING', 'FAILED') and requested_at < ?) order by feed_id")
                .params(utc(before), utc(retryBefore)).query(SubscriptionRepository::map).list();
    }

    /** A new request to the hub: new hub/topic/token/secret, status PENDING. */
    void requested(long feedId, String hub, String topic, String token, String secret, Instant now) {
        int updated = jdbc.sql("""
                update websub_subscription set hub = ?, topic = ?, token = ?, secret = ?, status = 'PENDING',
                requested_at = ?, last_error = null where feed_id = ?""")
                .params(hub, topic, token, secret, utc(now), feedId).update();
        if (updated == 0) {
            jdbc.sql("""
                    insert into websub_subscription (feed_id, hub, topic, token, secret, status, requested_at)
                    values (?, ?, ?, ?, ?, 'PENDING', ?)""").params(feedId, hub, topic, token, secret, utc(now))
                    .update();
        }
    }

    void status(long feedId, SubscriptionStatus status, String error) {
        jdbc.sql("update websub_subscription set status = ?, last_error = ? where feed_id = ?")
                .params(status.name(), error, feedId).update();
    }

    void activated(long feedId, Instant expiresAt) {
        jdbc.sql("update websub_subscription set status = 'ACTIVE', expires_at = ?, last_error = null "
                + "where feed_id = ?").params(utc(expiresAt), feedId).update();
    }

    void pushed(long feedId, Instant at, String error) {
        jdbc.sql("update websub_subscription set last_push_at = ?, last_error = ? where feed_id = ?")
                .params(utc(at), error, feedId).update();
    }

    void delete(long feedId) {
        jdbc.sql("delete from websub_subscription where feed_id = ?").param(feedId).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Subscription map(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getLong("feed_id"), rs.getString("hub"), rs.getString("topic"),
                rs.getString("token"), rs.getString("secret"), SubscriptionStatus.valueOf(rs.getString("status")),
                instant(rs, "requested_at"), instant(rs, "expires_at"), instant(rs, "last_push_at"),
                rs.getString("last_error"));
    }
}
