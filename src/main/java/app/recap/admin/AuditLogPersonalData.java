package app.recap.admin;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.subscriber.PersonalData;

/**
 * The audit log's part of a subscriber's data export and erasure. Entries name a subscriber by id, which says
 * nothing once the subscriber is erased, but suppression entries (and the odd detail, such as an export's
 * filter) name the address: erasure replaces it with a placeholder, so the log still says what was done, and
 * when, without saying to whom.
 */
@Component
class AuditLogPersonalData implements PersonalData {

    /** One entry naming the subscriber; {@code at} is ISO-8601 in UTC. */
    record Mention(String at, String action) {
    }

    static final String PLACEHOLDER = "[erased address]";

    private final JdbcClient jdbc;

    AuditLogPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "auditLog";
    }

    @Override
    public List<Mention> export(long subscriberId) {
        String address = jdbc.sql("select email from subscriber where id = ?").param(subscriberId).query(String.class)
                .optional().orElse(null);
        if (address == null) {
            return List.of();
        }
        return jdbc.sql("""
                select at, action from audit_log
                where (target_type = 'subscriber' and target_id = ?) or lower(target_id) = ?
                   or lower(detail) like ? escape '\\'
                order by id""")
                .params(String.valueOf(subscriberId), address, containsPattern(address))
                .query((rs, n) -> new Mention(rs.getObject(1, OffsetDateTime.class).toInstant().toString(),
                        rs.getString(2)))
                .list();
    }

    @Override
    public void erase(Erasure erasure) {
        String address = erasure.email().toLowerCase(Locale.ROOT);
        jdbc.sql("update audit_log set target_id = ? where lower(target_id) = ?").params(PLACEHOLDER, address).update();
        Pattern mention = Pattern.compile(Pattern.quote(address), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        jdbc.sql("select id, detail from audit_log where lower(detail) like ? escape '\\'")
                .param(containsPattern(address))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list()
                .forEach(row -> jdbc.sql("update audit_log set detail = ? where id = ?")
                        .params(mention.matcher((String) row[1]).replaceAll(Matcher.quoteReplacement(PLACEHOLDER)),
                                row[0])
                        .update());
    }

    /** A LIKE pattern matching text that contains {@code value}, its own wildcards taken literally. */
    private static String containsPattern(String value) {
        return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
