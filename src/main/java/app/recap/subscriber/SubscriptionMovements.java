package app.recap.subscriber;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * When a list's subscriptions began and ended, for growth and churn over time. A subscription began when it was
 * confirmed (or created, for imports confirmed from the start); it ended at its last change if it is
 * UNSUBSCRIBED now. Read-only.
 */
@Component
public class SubscriptionMovements {

    private final JdbcClient jdbc;

    SubscriptionMovements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** When each subscription to the list that is or was active began, from {@code from} on. */
    public List<Instant> joinedSince(long listId, Instant from) {
        return jdbc.sql("""
                select coalesce(confirmed_at, created_at) from subscription
                where list_id = ? and status in ('CONFIRMED', 'UNSUBSCRIBED') and coalesce(confirmed_at, created_at) >= ?""")
                .params(listId, from.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
    }

    /** When each subscription to the list that has ended did so, from {@code from} on. */
    public List<Instant> leftSince(long listId, Instant from) {
        return jdbc.sql("select updated_at from subscription where list_id = ? and status = 'UNSUBSCRIBED' and updated_at >= ?")
                .params(listId, from.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant()).list();
    }
}
