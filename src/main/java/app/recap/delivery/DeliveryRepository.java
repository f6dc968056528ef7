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

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.subscriber.SubscriberStatus;

/** The delivery log: one row per edition and subscriber, so nobody gets an edition twice. */
@Repository
public class DeliveryRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final DataSource dataSource;
    private final TransactionTemplate ownTransaction;
    private final ApplicationEventPublisher events;

    DeliveryRepository(JdbcClient jdbc, JdbcTemplate template, DataSource dataSource,
            PlatformTransactionManager transactions, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.template = template;
        this.dataSource = dataSource;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.events = events;
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
                insert into delivery (edition_id, subscriber_id, status, attempts, created_at, audience_key)
                select ?, s.subscriber_id, 'PENDING', 0, ?, s.audience_key
                from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ? and s.status = 'CONFIRMED' and u.status = ?
                  and (s.paused_until is null or s.paused_until <= ?)
                  and not exists (select 1 from delivery d where d.edition_id = ? and d.subscriber_id = s.subscriber_id)
                order by s.audience_key, coalesce(s.digest_length, ''), s.subscriber_id""")
                .params(editionId, now.atOffset(ZoneOffset.UTC), listId, SubscriberStatus.ENABLED.name(),
                        now.atOffset(ZoneOffset.UTC), editionId).update();
    }

    /**
     * Writes one delivery's outcome and commits it at once, on a connection of its own: whatever transaction the
     * caller is in (the send step's chunk) may still roll back, this outcome stays. One UPDATE in auto-commit
     * mode, so a commit costs one statement and no transaction bookkeeping (this runs once per message sent). Only
     * a PENDING row changes, so a replayed outcome never overwrites SENT (or any other recorded outcome). Plain SQL
     * that H2 and PostgreSQL both run.
     *
     * <p>A refusal ({@code refused} not null) is published as that event inside a transaction of its own, together
     * with the outcome: the bounce module's listener classifies it, logs it and asks the subscriber module to
     * suppress in the same commit (an outcome recorded without its bounce would never be counted, since a replay
     * finds the row no longer PENDING). REQUIRES_NEW: the chunk's transaction is suspended and its rollback cannot
     * undo the outcome, just as with the auto-committed UPDATE. Refusals are rare, so this costs the send rate
     * nothing.
     *
     * @param refused the relay's permanent refusal of this delivery, or null
     * @return whether the delivery was still PENDING and now holds the outcome
     */
    public boolean recordNow(DeliveryOutcome outcome, Instant now, DeliveryRefused refused) {
        if (refused != null) {
            return recordRefusal(outcome, now, refused);
        }
        try (Connection connection = dataSource.getConnection()) {
            boolean wasAutoCommit = connection.getAutoCommit();
            if (!wasAutoCommit) {
                connection.setAutoCommit(true);
            }
            try {
                return updateDelivery(connection, outcome, now);
            } finally {
                if (!wasAutoCommit) {
                    connection.setAutoCommit(false);
                }
            }
        } catch (SQLException e) {
            DataAccessException translated = template.getExceptionTranslator()
                    .translate("record delivery outcome", null, e);
            throw translated != null ? translated : new UncategorizedSQLException("record delivery outcome", null, e);
        }
    }

    private boolean recordRefusal(DeliveryOutcome outcome, Instant now, DeliveryRefused refused) {
        return Boolean.TRUE.equals(ownTransaction.execute(status -> {
            boolean changed = template.execute((Connection connection) -> updateDelivery(connection, outcome, now));
            if (changed) {
                events.publishEvent(refused);
            }
            return changed;
        }));
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

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /**
     * A sent delivery as a bounce names it.
     *
     * @param messageId the Message-ID it was sent with, null if it was never sent
     */
    public record Recipient(long deliveryId, long editionId, long listId, long subscriberId, String email,
            String messageId) {
    }

    private static final java.util.regex.Pattern DIGEST_MESSAGE_ID =
            java.util.regex.Pattern.compile("<?(\\d{1,18})\\.(\\d{1,18})\\.[^@\\s]+@[^>\\s]+>?");

    private static final String RECIPIENT = """
            select d.id, d.edition_id, e.list_id, d.subscriber_id, u.email, d.message_id
            from delivery d join edition e on e.id = d.edition_id join subscriber u on u.id = d.subscriber_id
            """;

    public java.util.Optional<Recipient> findRecipient(long deliveryId) {
        return jdbc.sql(RECIPIENT + " where d.id = ?").param(deliveryId).query(this::recipient).optional();
    }

    /**
     * The delivery a digest's Message-ID names: {@code <edition.subscriber.list@domain>}, as
     * {@code DigestMessageComposer} makes it. Only a delivery actually sent with that Message-ID matches.
     */
    public java.util.Optional<Recipient> findByMessageId(String messageId) {
        if (messageId == null) {
            return java.util.Optional.empty();
        }
        java.util.regex.Matcher m = DIGEST_MESSAGE_ID.matcher(messageId.strip());
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        String id = messageId.strip().startsWith("<") ? messageId.strip() : "<" + messageId.strip() + ">";
        return jdbc.sql(RECIPIENT + " where d.edition_id = ? and d.subscriber_id = ?")
                .params(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))).query(this::recipient).optional()
                .filter(r -> id.equals(r.messageId()));
    }

    private Recipient recipient(java.sql.ResultSet rs, int row) throws SQLException {
        return new Recipient(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                rs.getString(6));
    }

    /**
     * Marks a sent delivery as answered by a bounce (BOUNCED) or a complaint (COMPLAINED), keeping the bounce's
     * words; a complaint also replaces an earlier BOUNCED. Other states (PENDING, FAILED, SKIPPED) stay.
     *
     * @return whether the delivery changed
     */
    public boolean markAnswered(long deliveryId, DeliveryStatus status, String reason) {
        if (status != DeliveryStatus.BOUNCED && status != DeliveryStatus.COMPLAINED) {
            throw new IllegalArgumentException("a bounce marks BOUNCED or COMPLAINED, not " + status);
        }
        String from = status == DeliveryStatus.COMPLAINED ? "'SENT', 'BOUNCED'" : "'SENT'";
        return jdbc.sql("update delivery set status = ?, last_error = ? where id = ? and status in (" + from + ")")
                .params(status.name(), truncate(reason, 2000), deliveryId).update() > 0;
    }

    /**
     * Deliveries of a list the relay accepted (SENT, BOUNCED or COMPLAINED) since a time: the denominator of the
     * list's bounce and complaint rates.
     */
    public long countAccepted(long listId, Instant since) {
        return jdbc.sql("""
                select count(*) from delivery d join edition e on e.id = d.edition_id
                where e.list_id = ? and d.status in ('SENT', 'BOUNCED', 'COMPLAINED') and d.sent_at >= ?""")
                .params(listId, since.atOffset(ZoneOffset.UTC)).query(Long.class).single();
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
                  and subscriber_id in (select id from subscriber where status = ?)""")
                .params(editionId, SubscriberStatus.ENABLED.name()).update();
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
