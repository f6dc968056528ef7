package app.recap.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Repository;

/** Who changed which list, subscriber, feed, audience, account or setting, and when. */
@Repository
public class AuditLog {

    /** One recorded change. */
    public record Entry(long id, Instant at, String actor, String action, String targetType, String targetId,
            String detail) {
    }

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a change by the signed-in user. */
    public void record(String action, String targetType, Object targetId, String detail) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        record(auth == null ? "anonymous" : auth.getName(), action, targetType, targetId, detail);
    }

    public void record(String actor, String action, String targetType, Object targetId, String detail) {
        String target = targetId == null ? null : truncate(String.valueOf(targetId), 320);
        jdbc.sql("""
                insert into audit_log (at, actor, action, target_type, target_id, detail)
                values (?, ?, ?, ?, ?, ?)""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), truncate(actor, 320), action, targetType, target,
                        truncate(detail, 2000))
                .update();
        log.info("audit actor={} action={} target={}:{}", actor, action, targetType, target);
    }

    /**
     * Which entries to show; every part may be null or blank.
     *
     * @param action an action ({@code list.create}) or the start of one ({@code subscriber} for every
     *               {@code subscriber.*})
     */
    public record Filter(String actor, String action, String targetType, String targetId) {

        public static final Filter ALL = new Filter(null, null, null, null);

        public Filter {
            actor = blankToNull(actor);
            action = blankToNull(action);
            targetType = blankToNull(targetType);
            targetId = blankToNull(targetId);
        }

        private static String blankToNull(String value) {
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** Entries newest first, a page at a time before id {@code before} (null for the newest). */
    public List<Entry> recent(Long before, int size) {
        return recent(Filter.ALL, before, size);
    }

    /** Matching entries newest first, a page at a time before id {@code before} (null for the newest). */
    public List<Entry> recent(Filter filter, Long before, int size) {
        StringBuilder where = new StringBuilder(" where id < :before");
        Map<String, Object> params = new HashMap<>();
        params.put("before", before == null ? Long.MAX_VALUE : before);
        if (filter.actor() != null) {
            where.append(" and lower(actor) = :actor");
            params.put("actor", filter.actor().toLowerCase(Locale.ROOT));
        }
        if (filter.action() != null) {
            where.append(" and (action = :action or action like :actionPrefix)");
            params.put("action", filter.action());
            params.put("actionPrefix", filter.action().replace("%", "").replace("_", "") + ".%");
        }
        if (filter.targetType() != null) {
            where.append(" and target_type = :type");
            params.put("type", filter.targetType());
        }
        if (filter.targetId() != null) {
            where.append(" and target_id = :target");
            params.put("target", filter.targetId());
        }
        return jdbc.sql("select id, at, actor, action, target_type, target_id, detail from audit_log" + where
                + " order by id desc fetch first " + size + " rows only")
                .params(params)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
