package app.recap.subscriber;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes one batch of valid import rows with a handful of batched statements instead of a few per row: new
 * addresses become subscribers (blocklisted when suppressed), names are updated, and each row's subscription to
 * the list is created CONFIRMED, or confirmed when it was pending (an UNSUBSCRIBED one stays so), with the
 * audiences of a non-empty cell replacing the subscriber's. Runs in the caller's transaction.
 */
@Repository
class ImportUpsert {

    /** A valid row waiting for its batch. {@code audienceIds} is null when the row leaves audiences as they are. */
    record Row(long row, String email, String name, List<Long> audienceIds) {
    }

    /**
     * What a batch did: subscriptions created (of them, {@code newSubscribers} for addresses Recap did not know
     * before) and existing ones updated.
     */
    record Counts(long created, long updated, long newSubscribers) {
    }

    /** Rows per multi-row insert: few statement texts to cache, well under PostgreSQL's 65,535 parameters. */
    private static final int ROWS_PER_INSERT = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Suppressions suppressions;
    private final SubscriberSearchIndex searchIndex;

    ImportUpsert(JdbcClient jdbc, JdbcTemplate template, Suppressions suppressions, SubscriberSearchIndex searchIndex) {
        this.searchIndex = searchIndex;
        this.jdbc = jdbc;
        this.template = template;
        this.suppressions = suppressions;
    }

    Counts upsert(NewsletterList list, List<Row> rows, OffsetDateTime at) {
        Set<String> fresh = new LinkedHashSet<>();
        Map<String, Long> ids = subscribers(rows, at, fresh);
        // an address inserted by this batch cannot have a subscription yet (its row is not committed), so only the
        // addresses Recap knew before are looked up
        Map<Long, String> statusById = subscriptionStatuses(list, rows.stream().filter(r -> !fresh.contains(r.email()))
                .map(r -> ids.get(r.email())).toList());
        List<Object[]> newSubscriptions = new ArrayList<>();
        List<Object[]> confirmations = new ArrayList<>();
        List<Object[]> audienceRows = new ArrayList<>();
        List<Object[]> audienceKeys = new ArrayList<>();
        List<Long> replacedAudiences = new ArrayList<>();
        long created = 0;
        long updated = 0;
        for (Row r : rows) {
            long id = ids.get(r.email());
            String status = statusById.get(id);
            String key = r.audienceIds() == null ? "" : r.audienceIds().stream().map(String::valueOf)
                    .collect(Collectors.joining(","));
            if (status == null) {
                newSubscriptions.add(new Object[] {id, list.id(), key, at, at});
                created++;
            } else {
                if (SubscriptionStatus.UNCONFIRMED.name().equals(status)) {
                    confirmations.add(new Object[] {at, id, list.id()});
                }
                updated++;
                if (r.audienceIds() != null) {
                    replacedAudiences.add(id);
                    audienceKeys.add(new Object[] {key, id, list.id()});
                }
            }
            if (r.audienceIds() != null) {
                int order = 0;
                for (Long audienceId : r.audienceIds()) {
                    audienceRows.add(new Object[] {id, list.id(), audienceId, order++});
                }
            }
        }
        if (!newSubscriptions.isEmpty()) {
            insert("insert into subscription (subscriber_id, list_id, status, audience_key, created_at, updated_at) values ",
                    "(?, ?, 'CONFIRMED', ?, ?, ?)", newSubscriptions);
        }
        if (!confirmations.isEmpty()) {
            template.batchUpdate("""
                    update subscription set status = 'CONFIRMED', updated_at = ?
                    where subscriber_id = ? and list_id = ? and status = 'UNCONFIRMED'""", confirmations);
        }
        if (!replacedAudiences.isEmpty()) {
            jdbc.sql("delete from subscription_audience where subscriber_id in (:ids) and list_id = :list")
                    .param("ids", replacedAudiences).param("list", list.id()).update();
            template.batchUpdate("update subscription set audience_key = ? where subscriber_id = ? and list_id = ?",
                    audienceKeys);
        }
        if (!audienceRows.isEmpty()) {
            insert("insert into subscription_audience (subscriber_id, list_id, audience_id, sort_order) values ",
                    "(?, ?, ?, ?)", audienceRows);
        }
        return new Counts(created, updated, fresh.size());
    }

    /**
     * The subscriber id of every row's address: addresses not stored yet are inserted (blocklisted when
     * suppressed) and added to {@code fresh}, stored ones get the row's name when it has one.
     */
    private Map<String, Long> subscribers(List<Row> rows, OffsetDateTime at, Set<String> fresh) {
        List<String> emails = rows.stream().map(Row::email).toList();
        Map<String, Long> existing = ids(emails);
        emails.stream().filter(e -> !existing.containsKey(e)).forEach(fresh::add);
        if (!fresh.isEmpty()) {
            Set<String> suppressed = suppressions.suppressedAmong(fresh);
            Map<String, String> names = rows.stream().filter(r -> r.name() != null)
                    .collect(Collectors.toMap(Row::email, Row::name));
            List<Object[]> inserts = fresh.stream().map(e -> new Object[] {e, names.get(e),
                    (suppressed.contains(e) ? SubscriberStatus.BLOCKLISTED : SubscriberStatus.ENABLED).name(), at})
                    .toList();
            // a plain insert: the addresses were just looked up in this transaction; one that signed up
            // meanwhile fails the batch with DuplicateKeyException and the caller runs the batch again
            // the new ids come back as generated keys (with the address, so no reliance on their order) instead
            // of from a second look-up by address
            insert("insert into subscriber (email, name, status, created_at) values ", "(?, ?, ?, ?)", inserts,
                    keys -> existing.put(keys.getString(2), keys.getLong(1)));
        }
        List<Object[]> renames = new ArrayList<>();
        for (Row r : rows) {
            if (r.name() != null && !fresh.contains(r.email())) {
                renames.add(new Object[] {r.name(), existing.get(r.email()), r.name()});
            }
        }
        if (!renames.isEmpty()) {
            int[] changed = template.batchUpdate("update subscriber set name = ? where id = ? and (name is null or name <> ?)",
                    renames);
            // the renamed ones, so the substring search's copy finds them by their new names at once
            List<Long> renamed = new ArrayList<>();
            for (int k = 0; k < changed.length; k++) {
                if (changed[k] != 0) { // a count, or SUCCESS_NO_INFO (-2) from a driver that does not say
                    renamed.add((Long) renames.get(k)[1]);
                }
            }
            searchIndex.touched(renamed);
        }
        return existing;
    }

    /**
     * Inserts rows with multi-row {@code insert ... values (...), (...)} statements of up to {@link #ROWS_PER_INSERT}
     * rows: PostgreSQL's driver sends a JDBC batch as one statement per row (unless the connection sets
     * reWriteBatchedInserts), each parsed, planned and executed on its own; H2 takes the same SQL.
     */
    private void insert(String head, String values, List<Object[]> rows) {
        insert(head, values, rows, null);
    }

    /** As {@link #insert(String, String, List)}, handing each inserted row's {@code id, email} to {@code keys}. */
    private void insert(String head, String values, List<Object[]> rows, RowCallbackHandler keys) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder(head.length() + chunk.size() * (values.length() + 2)).append(head);
            List<Object> args = new ArrayList<>(chunk.size() * chunk.get(0).length);
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(values);
                args.addAll(Arrays.asList(chunk.get(i)));
            }
            if (keys == null) {
                template.update(sql.toString(), args.toArray());
                continue;
            }
            template.execute(con -> con.prepareStatement(sql.toString(), new String[] {"id", "email"}),
                    (PreparedStatement statement) -> {
                        new ArgumentPreparedStatementSetter(args.toArray()).setValues(statement);
                        statement.executeUpdate();
                        try (ResultSet generated = statement.getGeneratedKeys()) {
                            while (generated.next()) {
                                keys.processRow(generated);
                            }
                        }
                        return null;
                    });
        }
    }

    /** Subscriber id to the status of its subscription to the list, for those that have one. */
    private Map<Long, String> subscriptionStatuses(NewsletterList list, List<Long> subscriberIds) {
        Map<Long, String> statusById = new HashMap<>();
        if (subscriberIds.isEmpty()) {
            return statusById;
        }
        // by subscriber only: with "list_id = ?" as well, H2 walks the list's whole index range instead
        template.query(con -> {
            PreparedStatement statement = con.prepareStatement(
                    "select subscriber_id, list_id, status from subscription where subscriber_id = any(?)");
            statement.setArray(1, con.createArrayOf("bigint", subscriberIds.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            if (rs.getLong(2) == list.id()) {
                statusById.put(rs.getLong(1), rs.getString(3));
            }
        });
        return statusById;
    }

    /**
     * Address to id for the addresses already stored. One array parameter rather than an IN list of a batch's
     * thousand: PostgreSQL plans a thousand-parameter statement anew (or keeps a generic plan made while the table
     * was small) and took most of the import's time in this query; H2 answers {@code = any(?)} from the index too.
     */
    private Map<String, Long> ids(List<String> emails) {
        Map<String, Long> ids = new HashMap<>();
        template.query(con -> {
            PreparedStatement statement = con.prepareStatement("select id, email from subscriber where email = any(?)");
            statement.setArray(1, con.createArrayOf("varchar", emails.toArray()));
            return statement;
        }, (ResultSet rs) -> {
            ids.put(rs.getString(2), rs.getLong(1));
        });
        return ids;
    }
}
