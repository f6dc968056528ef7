package app.recap.delivery;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The delivery log: one row per edition and subscriber, so nobody gets an edition twice. */
@Repository
public class DeliveryRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    DeliveryRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Adds a PENDING delivery for every active subscriber of the list who has none for this edition yet; a
     * subscription paused past {@code now} is left out.
     * Safe to repeat: existing rows are kept as they are.
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
                  and not exists (select 1 from delivery d where d.edition_id = ? and d.subscriber_id = s.subscriber_id)""")
                .params(editionId, now.atOffset(ZoneOffset.UTC), listId, now.atOffset(ZoneOffset.UTC), editionId).update();
    }

    /** Writes outcomes in one batch. Only PENDING rows change, so a replayed outcome never overwrites SENT. */
    void record(List<DeliveryOutcome> outcomes, Instant now) {
        if (outcomes.isEmpty()) {
            return;
        }
        var at = now.atOffset(ZoneOffset.UTC);
        template.batchUpdate("""
                update delivery set status = ?, message_id = ?, attempts = attempts + ?, last_error = ?,
                    sent_at = case when ? = 'SENT' then ? else sent_at end
                where id = ? and status = 'PENDING'""", outcomes, outcomes.size(), (ps, o) -> {
                    ps.setString(1, o.status().name());
                    ps.setString(2, o.messageId());
                    ps.setInt(3, o.attempts());
                    ps.setString(4, o.error() == null ? null : o.error().length() > 2000 ? o.error().substring(0, 2000) : o.error());
                    ps.setString(5, o.status().name());
                    ps.setObject(6, at);
                    ps.setLong(7, o.deliveryId());
                });
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
