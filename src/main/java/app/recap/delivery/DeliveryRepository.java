package app.recap.delivery;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delivery log: one row per edition and subscriber, so nobody gets an edition twice. */
@Repository
public class DeliveryRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final DataSource dataSource;

    DeliveryRepository(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = template;
        this.dataSource = dataSource;
    }

    /**
     * Adds a PENDING delivery for every active subscriber of the list who has none for this edition yet; a
     * subscription paused past {@code now} is left out.
     * Safe to repeat: existing rows are kept as they are. Rows are numbered in audience-combination order, so
     * the send step's id-range partitions each work through whole segments (fewer renders, better cache use).
     *
     * @return rows added
     */
    public int prepare(long editionId, long listId, Instant now) {
        return jdbc.sql("""
                insert into delivery (edition_id, subscriber_id, status, attempts, created_at)
                select ?, s.subscriber_id, 'PENDING', 0, ?
                from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ? and s.status = 'CONFIRMED' and u.status = 'ENABLED'
                  and (s.paused_until is null or s.paused_until <= ?)
                  and not exists (select 1 from delivery d where d.edition_id = ? and d.subscriber_id = s.subscriber_id)
                order by s.audience_key, s.subscriber_id""")
                .params(editionId, now.atOffset(ZoneOffset.UTC), listId, now.atOffset(ZoneOffset.UTC), editionId).update();
    }

    /**
     * Writes one delivery's outcome and commits it at once, on a connection of its own: whatever transaction the
     * caller is in (the send step's chunk) may still roll back, this outcome stays. One UPDATE in auto-commit
     * mode, so a commit costs one statement and no transaction bookkeeping (this runs once per message sent); a
     * hard bounce also counts against its subscriber, who is suppressed (BLOCKLISTED) at {@code hardBounceLimit},
     * both in one transaction. Only a PENDING row changes, so a replayed outcome never overwrites SENT (or any
     * other recorded outcome), and a replayed hard bounce does not count twice. Plain SQL that H2 and PostgreSQL
     * both run.
     *
     * @return whether the delivery was still PENDING and now holds the outcome
     */
    public boolean recordNow(DeliveryOutcome outcome, Instant now, int hardBounceLimit) {
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            boolean autoCommit = !outcome.hardBounce();
            if (autoCommit != wasAutoCommit) {
                connection.setAutoCommit(autoCommit);
            }
            try {
                if (autoCommit) {
                    return updateDelivery(connection, outcome, now);
                }
                // two statements, one transaction
                try {
                    boolean changed = updateDelivery(connection, outcome, now);
                    if (changed) {
                        countHardBounce(connection, outcome, hardBounceLimit);
                    }
                    connection.commit();
                    return changed;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            } finally {
                if (autoCommit != wasAutoCommit) {
                    connection.setAutoCommit(wasAutoCommit);
                }
            }
        } catch (SQLException e) {
            DataAccessException translated = template.getExceptionTranslator()
                    .translate("record delivery outcome", null, e);
            throw translated != null ? translated : new UncategorizedSQLException("record delivery outcome", null, e);
        }
    }

    private static boolean updateDelivery(Connection connection, DeliveryOutcome outcome, Instant now)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                update delivery set status = ?, message_id = ?, attempts = attempts + ?, last_error = ?,
                    sent_at = case when ? = 'SENT' then ? else sent_at end
                where id = ? and status = 'PENDING'""")) {
            ps.setString(1, outcome.status().name());
            ps.setString(2, outcome.messageId());
            ps.setInt(3, outcome.attempts());
            ps.setString(4, truncate(outcome.error(), 2000));
            ps.setString(5, outcome.status().name());
            ps.setObject(6, now.atOffset(ZoneOffset.UTC));
            ps.setLong(7, outcome.deliveryId());
            return ps.executeUpdate() > 0;
        }
    }

    private static void countHardBounce(Connection connection, DeliveryOutcome outcome, int hardBounceLimit)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                update subscriber set hard_bounces = hard_bounces + 1, last_bounce = ?,
                    status = case when hard_bounces + 1 >= ? then 'BLOCKLISTED' else status end
                where id = ?""")) {
            ps.setString(1, truncate(outcome.error(), 500));
            ps.setInt(2, hardBounceLimit);
            ps.setLong(3, outcome.subscriberId());
            ps.executeUpdate();
        }
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** Smallest and largest id of the edition's PENDING deliveries, or null when none is pending. */
    long[] pendingIdRange(long editionId) {
        return jdbc.sql("select min(id), max(id), count(*) from delivery where edition_id = ? and status = 'PENDING'")
                .param(editionId)
                .query((rs, n) -> rs.getLong(3) == 0 ? null : new long[] {rs.getLong(1), rs.getLong(2)})
                .single();
    }

    /** Pending deliveries whose time has come (all of them unless time-zone-aware sending set send_after). */
    public long countDue(long editionId, Instant now) {
        return jdbc.sql("""
                select count(*) from delivery where edition_id = ? and status = 'PENDING'
                  and (send_after is null or send_after <= ?)""")
                .params(editionId, now.atOffset(ZoneOffset.UTC)).query(Long.class).single();
    }

    /**
     * Puts the edition's FAILED deliveries back to PENDING so the next run sends them again, except to
     * subscribers suppressed since. Returns how many were reopened.
     */
    public int reopenFailed(long editionId) {
        return jdbc.sql("""
                update delivery set status = 'PENDING'
                where edition_id = ? and status = 'FAILED'
                  and subscriber_id in (select id from subscriber where status = 'ENABLED')""")
                .param(editionId).update();
    }

    /**
     * Sets each pending delivery's send time to the list's local send time in the subscriber's own time zone on
     * the given date (subscribers without a valid zone use the list's). One update per distinct zone.
     */
    public void scheduleInSubscriberZones(long editionId, java.time.LocalDate date, java.time.LocalTime time,
            java.time.ZoneId listZone) {
        List<String> zones = jdbc.sql("""
                select distinct u.time_zone from delivery d join subscriber u on u.id = d.subscriber_id
                where d.edition_id = ? and d.status = 'PENDING'""").param(editionId).query(String.class).list();
        for (String zone : zones) {
            java.time.ZoneId id = listZone;
            if (zone != null) {
                try {
                    id = java.time.ZoneId.of(zone);
                } catch (java.time.DateTimeException unknown) {
                    // keep the list's zone for an unknown one
                }
            }
            var at = date.atTime(time).atZone(id).toInstant().atOffset(ZoneOffset.UTC);
            if (zone == null) {
                jdbc.sql("""
                        update delivery set send_after = ? where edition_id = ? and status = 'PENDING'
                          and subscriber_id in (select id from subscriber where time_zone is null)""")
                        .params(at, editionId).update();
            } else {
                jdbc.sql("""
                        update delivery set send_after = ? where edition_id = ? and status = 'PENDING'
                          and subscriber_id in (select id from subscriber where time_zone = ?)""")
                        .params(at, editionId, zone).update();
            }
        }
    }

    /** Deliveries of an edition by status. */
    public Map<DeliveryStatus, Long> counts(long editionId) {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
            counts.put(status, 0L);
        }
        jdbc.sql("select status, count(*) from delivery where edition_id = ? group by status").param(editionId)
                .query((rs, n) -> Map.entry(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
