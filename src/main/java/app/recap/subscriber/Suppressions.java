package app.recap.subscriber;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The suppression list: addresses never mailed again, each with a reason. A suppressed address that is (or
 * later becomes, through an import or an admin) a subscriber is {@link SubscriberStatus#BLOCKLISTED}, which the sender honours.
 */
@Repository
public class Suppressions {

    /** One suppressed address. */
    public record Suppression(String email, String reason, Instant createdAt, String createdBy) {
    }

    private final JdbcClient jdbc;

    Suppressions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Suppressed addresses in address order, a page at a time after {@code after} (null for the first). */
    public List<Suppression> list(String after, int size) {
        return jdbc.sql("""
                select email, reason, created_at, created_by from suppression where email > ?
                order by email fetch first %d rows only""".formatted(size))
                .param(after == null ? "" : after)
                .query((rs, n) -> new Suppression(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)))
                .list();
    }

    public Optional<Suppression> find(String email) {
        return jdbc.sql("select email, reason, created_at, created_by from suppression where email = ?")
                .param(SubscriberRepository.normaliseEmail(email))
                .query((rs, n) -> new Suppression(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)))
                .optional();
    }

    /**
     * Suppresses an address (or replaces the reason of one already suppressed) and blocklists its subscriber.
     *
     * @return true when the address was not suppressed before
     */
    @Transactional
    public boolean add(String email, String reason, String actor, Instant now) {
        String address = SubscriberRepository.normaliseEmail(email);
        boolean added;
        try {
            added = jdbc.sql("""
                    insert into suppression (email, reason, created_at, created_by)
                    select ?, ?, ?, ? where not exists (select 1 from suppression where email = ?)""")
                    .params(address, reason, now.atOffset(ZoneOffset.UTC), actor, address).update() > 0;
        } catch (DuplicateKeyException raced) {
            added = false;
        }
        if (!added) {
            jdbc.sql("update suppression set reason = ? where email = ?").params(reason, address).update();
        }
        jdbc.sql("update subscriber set status = ? where email = ? and status = ?")
                .params(SubscriberStatus.BLOCKLISTED.name(), address, SubscriberStatus.ENABLED.name()).update();
        return added;
    }

    /** Lifts a suppression; the subscriber, if any, is enabled again. Returns false when it was not suppressed. */
    @Transactional
    public boolean remove(String email) {
        String address = SubscriberRepository.normaliseEmail(email);
        boolean removed = jdbc.sql("delete from suppression where email = ?").param(address).update() > 0;
        if (removed) {
            jdbc.sql("update subscriber set status = ? where email = ? and status = ?")
                    .params(SubscriberStatus.ENABLED.name(), address, SubscriberStatus.BLOCKLISTED.name()).update();
        }
        return removed;
    }

    /** Which of these (normalised) addresses are suppressed. */
    Set<String> suppressedAmong(Collection<String> emails) {
        if (emails.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("select email from suppression where email in (:emails)")
                .param("emails", emails).query(String.class).list());
    }

    public long count() {
        return jdbc.sql("select count(*) from suppression").query(Long.class).single();
    }
}
