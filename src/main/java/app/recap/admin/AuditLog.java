package app.recap.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

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

    /** Entries newest first, a page at a time before id {@code before} (null for the newest). */
    public List<Entry> recent(Long before, int size) {
        return jdbc.sql("""
                select id, at, actor, action, target_type, target_id, detail from audit_log where id < ?
                order by id desc fetch first %d rows only""".formatted(size))
                .param(before == null ? Long.MAX_VALUE : before)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
