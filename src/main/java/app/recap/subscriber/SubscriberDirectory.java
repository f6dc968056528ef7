package app.recap.subscriber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds subscribers among millions: by the start of an address or a name, filtered by list, status and
 * audience, one page at a time by key ({@code id > after}), so the thousandth page costs what the first does.
 */
@Repository
public class SubscriberDirectory {

    /** Queries shorter than this are searched by walking the key rather than the prefix's index range. */
    static final int DENSE_PREFIX = 3;

    /** Largest page a caller may ask for. */
    public static final int MAX_PAGE_SIZE = 500;

    /**
     * What to look for; every part may be null.
     *
     * @param query      start of an address (when it contains {@code @}) or of an address or name, any case
     * @param status     a subscription status (on {@code listId} when given, else on any list), or
     *                   {@code ENABLED}/{@code BLOCKLISTED} for the subscriber's own status
     * @param audienceId subscribers following this audience (on {@code listId} when given)
     */
    public record Filter(String query, Long listId, String status, Long audienceId) {

        public static final Filter ALL = new Filter(null, null, null, null);

        public Filter {
            query = query == null || query.isBlank() ? null : query.strip().toLowerCase(Locale.ROOT);
            status = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        }
    }

    /** A subscriber with each subscription. */
    public record Entry(long id, String email, String name, SubscriberStatus status, String timeZone, Instant createdAt,
            List<Membership> subscriptions) {
    }

    /**
     * @param audienceIds in the subscriber's order
     */
    public record Membership(long listId, String listSlug, SubscriptionStatus status, List<Long> audienceIds,
            Instant updatedAt) {
    }

    /** @param next the {@code after} value of the next page, null on the last page */
    public record Page(List<Entry> content, Long next) {
    }

    /** Statuses the filter understands. */
    public static final List<String> STATUSES = List.of(SubscriptionStatus.CONFIRMED.name(),
            SubscriptionStatus.UNCONFIRMED.name(), SubscriptionStatus.UNSUBSCRIBED.name(), SubscriberStatus.ENABLED.name(),
            SubscriberStatus.BLOCKLISTED.name());

    private final JdbcClient jdbc;

    SubscriberDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One page of matching subscribers in id order.
     *
     * @param after the last id of the previous page, or null for the first page
     * @throws IllegalArgumentException for an unknown status or a size outside 1..{@value #MAX_PAGE_SIZE}
     */
    public Page search(Filter filter, Long after, int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (filter.status() != null && !STATUSES.contains(filter.status())) {
            throw new IllegalArgumentException("unknown status " + filter.status() + "; expected one of " + STATUSES);
        }
        StringBuilder from = new StringBuilder(" from subscriber u");
        Map<String, Object> params = new HashMap<>();
        boolean subscriptionStatus = filter.status() != null && !isSubscriberStatus(filter.status());
        // "u.id > :after" comes first so every condition after it starts with " and"
        StringBuilder where = new StringBuilder(" where u.id > :after");
        params.put("after", after == null ? 0L : after);
        if (filter.listId() != null) {
            params.put("list", filter.listId());
            String status = subscriptionStatus ? " and s.status = :sstatus" : "";
            if (subscriptionStatus) {
                params.put("sstatus", filter.status());
            }
            if (filter.query() == null || filter.query().length() < DENSE_PREFIX) {
                // a list's page drives from subscription (list_id, status, subscriber_id): an index range in key order
                from.append(" join subscription s on s.subscriber_id = u.id and s.list_id = :list").append(status);
            } else {
                // with a rare prefix the prefix's index range is the way in; the list is only checked
                where.append(" and exists (select 1 from subscription s where s.subscriber_id = u.id and s.list_id = :list")
                        .append(status).append(")");
            }
        }
        if (filter.status() != null && isSubscriberStatus(filter.status())) {
            where.append(" and u.status = :ustatus");
            params.put("ustatus", filter.status());
        } else if (subscriptionStatus && filter.listId() == null) {
            where.append(" and exists (select 1 from subscription s2 where s2.subscriber_id = u.id and s2.status = :sstatus)");
            params.put("sstatus", filter.status());
        }
        if (filter.audienceId() != null) {
            where.append(" and exists (select 1 from subscription_audience a where a.subscriber_id = u.id and a.audience_id = :audience");
            if (filter.listId() != null) {
                where.append(" and a.list_id = :list");
            }
            where.append(")");
            params.put("audience", filter.audienceId());
        }
        String select = "select u.id, u.email, u.name, u.status, u.time_zone, u.created_at" + from + where;
        String limit = " fetch first " + (size + 1) + " rows only";
        String sql;
        if (filter.query() == null) {
            sql = select + " order by u.id" + limit;
        } else {
            // The pattern is a literal, not a bind parameter: H2 only turns LIKE 'abc%' into an index range when it
            // sees the pattern while planning (PostgreSQL plans each execution with its value either way). It is
            // safe: LIKE wildcards and backslashes are escaped, then quotes doubled, so it cannot end the literal.
            String pattern = "'" + likePrefix(filter.query()).replace("'", "''") + "' escape '\\'";
            // an address is searched by address only; otherwise address or name, as a union of two index ranges
            // ("email like .. or name like .." makes H2 walk the primary key instead)
            String emailMatch = " and u.email like " + pattern;
            String nameMatch = " and u.name_lower like " + pattern;
            if (filter.query().length() < DENSE_PREFIX) {
                // a letter or two matches a large share of everyone: walking the key finds a page soonest
                sql = filter.query().contains("@") ? select + emailMatch + " order by u.id" + limit
                        : select + " and (u.email like " + pattern + " or u.name_lower like " + pattern + ")"
                                + " order by u.id" + limit;
            } else {
                // Longer prefixes are rare: start from each prefix's index range. "u.id + 0" hides the key from the
                // planner, which otherwise (H2 especially) walks the primary key from "after" and tests every row.
                String matching = "select u.id, u.email, u.name, u.status, u.time_zone, u.created_at" + from
                        + where.toString().replace(" where u.id > :after", " where u.id + 0 > :after");
                String top = " order by id" + limit;
                sql = filter.query().contains("@") ? matching + emailMatch + top.replace("by id", "by u.id")
                        : "select * from (" + matching + emailMatch + " union " + matching + nameMatch + ") found" + top;
            }
        }
        List<Row> rows = jdbc.sql(sql).params(params).query(SubscriberDirectory::row).list();
        Long next = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).id();
        }
        return new Page(withSubscriptions(rows), next);
    }

    public Optional<Entry> find(long id) {
        return jdbc.sql("select id, email, name, status, time_zone, created_at from subscriber where id = ?").param(id)
                .query(SubscriberDirectory::row).optional().map(r -> withSubscriptions(List.of(r)).get(0));
    }

    public Optional<Entry> findByEmail(String email) {
        return jdbc.sql("select id, email, name, status, time_zone, created_at from subscriber where email = ?")
                .param(SubscriberRepository.normaliseEmail(email)).query(SubscriberDirectory::row).optional()
                .map(r -> withSubscriptions(List.of(r)).get(0));
    }

    /** Every matching subscriber in id order, read page by page so memory stays flat (for exports). */
    public void forEach(Filter filter, Consumer<Entry> action) {
        Long after = null;
        do {
            Page page = search(filter, after, MAX_PAGE_SIZE);
            page.content().forEach(action);
            after = page.next();
        } while (after != null);
    }

    private List<Entry> withSubscriptions(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        List<Long> ids = rows.stream().map(Row::id).toList();
        Map<String, List<Long>> audiences = new HashMap<>();
        jdbc.sql("""
                select subscriber_id, list_id, audience_id from subscription_audience
                where subscriber_id in (:ids) order by subscriber_id, list_id, sort_order""")
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    audiences.computeIfAbsent(rs.getLong(1) + ":" + rs.getLong(2), k -> new ArrayList<>())
                            .add(rs.getLong(3));
                });
        Map<Long, List<Membership>> memberships = new LinkedHashMap<>();
        jdbc.sql("""
                select s.subscriber_id, s.list_id, l.slug, s.status, s.updated_at from subscription s
                join newsletter_list l on l.id = s.list_id
                where s.subscriber_id in (:ids) order by s.subscriber_id, s.list_id""")
                .param("ids", ids)
                .query((ResultSet rs) -> {
                    long subscriberId = rs.getLong(1);
                    long listId = rs.getLong(2);
                    memberships.computeIfAbsent(subscriberId, k -> new ArrayList<>()).add(new Membership(listId,
                            rs.getString(3), SubscriptionStatus.valueOf(rs.getString(4)),
                            List.copyOf(audiences.getOrDefault(subscriberId + ":" + listId, List.of())),
                            rs.getObject(5, OffsetDateTime.class).toInstant()));
                });
        return rows.stream().map(r -> new Entry(r.id(), r.email(), r.name(), r.status(), r.timeZone(), r.createdAt(),
                List.copyOf(memberships.getOrDefault(r.id(), List.of())))).toList();
    }

    private static boolean isSubscriberStatus(String status) {
        return SubscriberStatus.ENABLED.name().equals(status) || SubscriberStatus.BLOCKLISTED.name().equals(status);
    }

    /** The query as a LIKE prefix pattern, its own wildcards taken literally. */
    static String likePrefix(String query) {
        return query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private record Row(long id, String email, String name, SubscriberStatus status, String timeZone, Instant createdAt) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                SubscriberStatus.valueOf(rs.getString("status")),
                rs.getString("time_zone"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
