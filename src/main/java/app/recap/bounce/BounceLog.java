package app.recap.bounce;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.recap.subscriber.PersonalData;

/** The bounce log: one row per event heard, whatever way it came in. Only this module writes it. */
@Repository
class BounceLog implements PersonalData {

    private final JdbcClient jdbc;

    BounceLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores an event unless one with the same key is stored already.
     *
     * @return whether it was new
     */
    boolean add(String key, BounceSource source, BounceEvent event, Long editionId, Long listId, Instant at) {
        try {
            return jdbc.sql("""
                    insert into bounce_event (event_key, source, type, recipient, status, reason, diagnostic,
                        delivery_id, subscriber_id, edition_id, list_id, received_at)
                    select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                    where not exists (select 1 from bounce_event where event_key = ?)""")
                    .params(clip(key, 400), source.label(), event.type().name(), clip(event.recipient(), 320),
                            clip(event.status(), 20), clip(event.reason(), 200), clip(event.diagnostic(), 1000),
                            event.deliveryId(), event.subscriberId(), editionId, listId, at.atOffset(ZoneOffset.UTC),
                            clip(key, 400))
                    .update() > 0;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }

    /** Events of one type about a subscriber since a time (all time when {@code since} is null). */
    long count(long subscriberId, BounceType type, Instant since) {
        return jdbc.sql("""
                select count(*) from bounce_event where subscriber_id = ? and type = ? and received_at >= ?""")
                .params(subscriberId, type.name(),
                        (since == null ? Instant.EPOCH : since).atOffset(ZoneOffset.UTC))
                .query(Long.class).single();
    }

    /** Events by type for one edition. */
    java.util.Map<BounceType, Long> countsByEdition(long editionId) {
        return counts("edition_id = ?", editionId, Instant.EPOCH);
    }

    /** Events by type for one list since a time. */
    java.util.Map<BounceType, Long> countsByList(long listId, Instant since) {
        return counts("list_id = ?", listId, since);
    }

    private java.util.Map<BounceType, Long> counts(String where, long id, Instant since) {
        java.util.Map<BounceType, Long> counts = new java.util.EnumMap<>(BounceType.class);
        for (BounceType t : BounceType.values()) {
            counts.put(t, 0L);
        }
        jdbc.sql("select type, count(*) from bounce_event where " + where + " and received_at >= ? group by type")
                .params(id, since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> java.util.Map.entry(BounceType.valueOf(rs.getString(1)), rs.getLong(2))).list()
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    /** Newest first, a page at a time before {@code beforeId} (null for the first); every filter may be null. */
    List<LoggedBounce> list(BounceType type, Long listId, Long editionId, Long subscriberId, Long beforeId, int size) {
        StringBuilder sql = new StringBuilder("""
                select id, source, type, recipient, status, reason, diagnostic, delivery_id, subscriber_id, edition_id,
                       list_id, received_at from bounce_event where 1 = 1""");
        List<Object> params = new java.util.ArrayList<>();
        if (type != null) {
            sql.append(" and type = ?");
            params.add(type.name());
        }
        if (listId != null) {
            sql.append(" and list_id = ?");
            params.add(listId);
        }
        if (editionId != null) {
            sql.append(" and edition_id = ?");
            params.add(editionId);
        }
        if (subscriberId != null) {
            sql.append(" and subscriber_id = ?");
            params.add(subscriberId);
        }
        if (beforeId != null) {
            sql.append(" and id < ?");
            params.add(beforeId);
        }
        sql.append(" order by id desc fetch first ").append(size).append(" rows only");
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new LoggedBounce(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), (Long) rs.getObject(8, Long.class),
                        rs.getObject(9, Long.class), rs.getObject(10, Long.class), rs.getObject(11, Long.class),
                        rs.getObject(12, OffsetDateTime.class).toInstant()))
                .list();
    }

    @Override
    public String name() {
        return "bounces";
    }

    @Override
    public List<LoggedBounce> export(long subscriberId) {
        return list(null, null, null, subscriberId, null, 10_000);
    }

    /** Every event about the subscriber or naming the address anywhere (a diagnostic quotes it), not only by id. */
    @Override
    public void erase(Erasure erasure) {
        String like = "%" + erasure.email().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        jdbc.sql("""
                delete from bounce_event where subscriber_id = ? or recipient = ? or diagnostic like ? escape '\\'""")
                .params(erasure.subscriberId(), erasure.email(), like).update();
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
