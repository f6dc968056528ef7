package app.recap.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code webhook_delivery} table: one row per event and endpoint, from PENDING to DELIVERED or FAILED. Rows are
 * written by {@link #enqueue} in the caller's transaction, so an event exists exactly when what it tells did.
 */
@Repository
public class WebhookOutbox {

    /** A due delivery, with what the dispatcher needs to post it. */
    record Due(long id, String eventId, String eventType, String payload, int attempts) {
    }

    private static final int MAX_ERROR = 500;
    private static final String COLUMNS = "id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, "
            + "last_status_code, last_error, created_at, delivered_at";

    private final JdbcClient jdbc;

    WebhookOutbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues {@code payload} for each endpoint, due at once. */
    void enqueue(List<WebhookEndpoint> endpoints, String eventId, WebhookEvent event, String payload, Instant now) {
        for (WebhookEndpoint endpoint : endpoints) {
            jdbc.sql("""
                    insert into webhook_delivery (endpoint_id, event_id, event_type, payload, status, attempts,
                        next_attempt_at, created_at) values (?, ?, ?, ?, ?, 0, ?, ?)""")
                    .params(endpoint.id(), eventId, event.label(), payload, WebhookDeliveryStatus.PENDING.name(),
                            now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    static String newEventId() {
        return UUID.randomUUID().toString();
    }

    /** Endpoints (enabled ones) with at least one delivery due at {@code now}. */
    List<Long> endpointsWithDue(Instant now) {
        return jdbc.sql("""
                select distinct d.endpoint_id from webhook_delivery d join webhook_endpoint e on e.id = d.endpoint_id
                where d.status = ? and d.next_attempt_at <= ? and e.enabled = true order by d.endpoint_id""")
                .params(WebhookDeliveryStatus.PENDING.name(), now.atOffset(ZoneOffset.UTC))
                .query(Long.class).list();
    }

    /** An endpoint's due deliveries, oldest first. */
    List<Due> due(long endpointId, Instant now, int limit) {
        return jdbc.sql("""
                select id, event_id, event_type, payload, attempts from webhook_delivery
                where endpoint_id = ? and status = ? and next_attempt_at <= ? order by id fetch first ? rows only""")
                .params(endpointId, WebhookDeliveryStatus.PENDING.name(), now.atOffset(ZoneOffset.UTC), limit)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5)))
                .list();
    }

    void delivered(long id, int statusCode, Instant now) {
        jdbc.sql("""
                update webhook_delivery set status = ?, attempts = attempts + 1, last_status_code = ?, last_error = null,
                    next_attempt_at = null, delivered_at = ? where id = ?""")
                .params(WebhookDeliveryStatus.DELIVERED.name(), statusCode, now.atOffset(ZoneOffset.UTC), id)
                .update();
    }

    /** A failed attempt: due again at {@code next}, or FAILED for good when {@code next} is null. */
    void failed(long id, Integer statusCode, String error, Instant next) {
        jdbc.sql("""
                update webhook_delivery set status = ?, attempts = attempts + 1, last_status_code = ?, last_error = ?,
                    next_attempt_at = ? where id = ?""")
                .params((next == null ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING).name(),
                        statusCode, truncate(error), next == null ? null : next.atOffset(ZoneOffset.UTC), id)
                .update();
    }

    /** Puts a delivery back in line for an attempt now (an administrator's "try again"). */
    public boolean retryNow(long endpointId, long id, Instant now) {
        return jdbc.sql("""
                update webhook_delivery set status = ?, next_attempt_at = ? where id = ? and endpoint_id = ?
                    and status <> ?""")
                .params(WebhookDeliveryStatus.PENDING.name(), now.atOffset(ZoneOffset.UTC), id, endpointId,
                        WebhookDeliveryStatus.DELIVERED.name())
                .update() > 0;
    }

    /** The endpoint's delivery log, newest first. */
    public List<WebhookDelivery> log(long endpointId, int limit) {
        return jdbc.sql("select " + COLUMNS + " from webhook_delivery where endpoint_id = ? order by id desc "
                        + "fetch first ? rows only")
                .params(endpointId, limit).query((rs, n) -> delivery(rs)).list();
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        int code = rs.getInt(8);
        Integer statusCode = rs.wasNull() ? null : code;
        return new WebhookDelivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                WebhookDeliveryStatus.valueOf(rs.getString(5)), rs.getInt(6), instant(rs.getObject(7, OffsetDateTime.class)),
                statusCode, rs.getString(9), instant(rs.getObject(10, OffsetDateTime.class)),
                instant(rs.getObject(11, OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }
}
