package app.recap.subscriber;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Finds subscribers among millions: by any part of an address or a name, filtered by list, status and
 * audience, one page at a time by key ({@code id > after}, or {@code (email, id)} or {@code (name, id)} beyond the
 * last row's when sorted so), so a later page costs what the first does.
 */
@Repository
public class SubscriberDirectory {

    /** Largest page a caller may ask for. */
    public static final int MAX_PAGE_SIZE = 500;

    /**
     * What to look for; every part may be null.
     *
     * @param query      part of an address (when it contains {@code @}, the address only) or of an address or name,
     *                   any case
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

    /**
     * @param next   the last id on the page (the {@code after} of the next page in id order), null on the last page
     * @param cursor the next page's cursor in the page's own order (see {@link Order#cursor}), null on the last page
     */
    public record Page(List<Entry> content, Long next, String cursor) {
    }

    /** Statuses the filter understands. */
    public static final List<String> STATUSES = List.of(SubscriptionStatus.CONFIRMED.name(),
            SubscriptionStatus.UNCONFIRMED.name(), SubscriptionStatus.UNSUBSCRIBED.name(), SubscriberStatus.ENABLED.name(),
            SubscriberStatus.BLOCKLISTED.name());

    /** The most subscribers {@link #total} counts; beyond, it says "more than" this. */
    public static final int TOTAL_BOUND = 10_000;

    /**
     * How many subscribers a search found, counted up to a bound so that a common query costs no more than a rare
     * one.
     *
     * @param count the number found, or {@link SubscriberDirectory#TOTAL_BOUND} when {@code more}
     * @param more  true when more than {@code count} match
     */
    public record Total(long count, boolean more) {
    }

    private final JdbcClient jdbc;
    private final SubscriberSearchIndex index;

    SubscriberDirectory(JdbcClient jdbc, SubscriberSearchIndex index) {
        this.jdbc = jdbc;
        this.index = index;
    }

    /**
     * The order of a search's pages: by id (the order subscribers arrived in), or by address or by name (lower-cased,
     * a missing name as empty, so it comes first ascending and last descending), ties broken by id.
     */
    public enum Order {
        OLDEST("oldest", null, false), NEWEST("newest", null, true), EMAIL("email", "u.email", false),
        EMAIL_DESC("email-desc", "u.email", true), NAME("name", "u.name_key", false),
        NAME_DESC("name-desc", "u.name_key", true);

        private final String parameter;
        /** the sort key as SQL, null when the id alone orders */
        private final String key;
        private final boolean descending;

        Order(String parameter, String key, boolean descending) {
            this.parameter = parameter;
            this.key = key;
            this.descending = descending;
        }

        /** As written in an address: oldest, newest, email, email-desc, name, name-desc. */
        public String parameter() {
            return parameter;
        }

        public boolean descending() {
            return descending;
        }

        /** The same key the other way round. */
        public Order reversed() {
            return switch (this) {
                case OLDEST -> NEWEST;
                case NEWEST -> OLDEST;
                case EMAIL -> EMAIL_DESC;
                case EMAIL_DESC -> EMAIL;
                case NAME -> NAME_DESC;
                case NAME_DESC -> NAME;
            };
        }

        /** The order written as {@code parameter}, empty for anything else. */
        public static Optional<Order> parse(String parameter) {
            for (Order order : values()) {
                if (order.parameter.equals(parameter)) {
                    return Optional.of(order);
                }
            }
            return Optional.empty();
        }

        /**
         * The cursor after a row: its id in id order (so old {@code after=<id>} links still work), else the id, a
         * dot and the sort key in unpadded base64url (a key may hold any character, an address shows no raw text).
         */
        String cursor(long id, String sortKey) {
            return key == null ? Long.toString(id)
                    : id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sortKey.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A cursor read back: the last row's id and, outside id order, its sort key. */
    private record Position(long id, String key) {

        static Position of(String cursor, Order order) {
            try {
                if (order.key == null) {
                    return new Position(Long.parseLong(cursor), null);
                }
                int dot = cursor.indexOf('.');
                if (dot < 1) {
                    throw new IllegalArgumentException("no key");
                }
                var decoder = StandardCharsets.UTF_8.newDecoder(); // refuses bytes that are not UTF-8
                String key = decoder.decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor.substring(dot + 1))))
                        .toString();
                return new Position(Long.parseLong(cursor.substring(0, dot)), key);
            } catch (IllegalArgumentException | CharacterCodingException e) {
                throw new InvalidCursor(cursor, order);
            }
        }
    }

    /** A cursor this order did not write: a forged or stale link, or a cursor from another order. */
    public static class InvalidCursor extends IllegalArgumentException {

        InvalidCursor(String cursor, Order order) {
            super("\"" + (cursor.length() > 40 ? cursor.substring(0, 40) + "…" : cursor) + "\" is not a valid cursor for order "
                    + order.parameter() + ".");
        }
    }

    /** One page of matching subscribers, oldest first. */
    public Page search(Filter filter, Long after, int size) {
        return search(filter, after == null ? null : after.toString(), size, Order.OLDEST);
    }

    /**
     * One page of matching subscribers in {@code order}.
     *
     * @param cursor the previous page's {@link Page#cursor()}, or null for the first page
     * @throws InvalidCursor for a cursor that {@code order} did not write
     * @throws IllegalArgumentException for an unknown status or a size outside 1..{@value #MAX_PAGE_SIZE}
     */
    public Page search(Filter filter, String cursor, int size, Order order) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page size must be between 1 and " + MAX_PAGE_SIZE);
        }
        Position after = cursor == null || cursor.isEmpty() ? null : Position.of(cursor, order);
        return search(query(filter, candidates(filter)), after, size, order);
    }

    private Page search(Query query, Position after, int size, Order order) {
        String direction = order.descending ? " desc" : "";
        String beyond = order.descending ? "<" : ">";
        Map<String, Object> params = new HashMap<>(query.params());
        String keyColumn = order.key == null ? "" : ", " + order.key + " as sort_key";
        String seek;
        if (order.key == null) {
            seek = after == null ? "1 = 1" : "u.id " + beyond + " :afterId";
        } else {
            // (key, id) beyond the last row's, compared with the same collation as the order by, so no row is
            // skipped or repeated whatever the database's collation; the leading >= (or <=) lets an index on the
            // key start at the cursor instead of filtering from the first row
            seek = after == null ? "1 = 1"
                    : order.key + " " + beyond + "= :afterKey and (" + order.key + " " + beyond + " :afterKey or u.id "
                            + beyond + " :afterId)";
        }
        if (after != null) {
            params.put("afterId", after.id());
            if (after.key() != null) {
                params.put("afterKey", after.key());
            }
        }
        String sql = "select u.id, u.email, u.name, u.status, u.time_zone, u.created_at" + keyColumn + query.from()
                + " where " + seek + query.where() + " order by "
                + (order.key == null ? "" : order.key + direction + ", ") + "u.id" + direction
                + " fetch first " + (size + 1) + " rows only";
        List<String> keys = new ArrayList<>();
        List<Row> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            if (order.key != null) {
                keys.add(rs.getString("sort_key"));
            }
            return row(rs, n);
        }).list();
        Long next = null;
        String nextCursor = null;
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            next = rows.get(size - 1).id();
            nextCursor = order.cursor(next, order.key == null ? null : keys.get(size - 1));
        }
        return new Page(withSubscriptions(rows), next, nextCursor);
    }

    /** How many subscribers match, on every page together (exact, so as slow as a search that finds nothing). */
    public long count(Filter filter) {
        Query query = query(filter, candidates(filter));
        return jdbc.sql("select count(*)" + query.from() + " where 1 = 1" + query.where()).params(query.params())
                .query(Long.class).single();
    }

    /**
     * How many subscribers match, up to {@value #TOTAL_BOUND}: what the subscribers screen shows. Counting stops at
     * the bound, so a query most subscribers match reads about as many rows as the bound.
     */
    public Total total(Filter filter) {
        Query query = query(filter, candidates(filter));
        long count = jdbc.sql("select count(*) from (select 1 as one" + query.from() + " where 1 = 1" + query.where()
                + " fetch first " + (TOTAL_BOUND + 1) + " rows only) found").params(query.params()).query(Long.class)
                .single();
        return count > TOTAL_BOUND ? new Total(TOTAL_BOUND, true) : new Total(count, false);
    }

    /** Ids of every matching subscriber in id order, read page by page (for actions on a whole search result). */
    public void forEachId(Filter filter, Consumer<Long> action) {
        forEach(filter, e -> action.accept(e.id()));
    }

    /**
     * Subscribers who may match the filter's query, from the in-memory copy on H2 ({@link SubscriberSearchIndex});
     * null when there is no query or the copy cannot answer, and the SQL alone decides.
     */
    private long[] candidates(Filter filter) {
        if (filter.query() == null) {
            return null;
        }
        return index.candidates(filter.query(), filter.query().contains("@")).orElse(null);
    }

    /** A filter as SQL: {@code from} names {@code subscriber u}, {@code where} is conditions each led by "and". */
    private record Query(String from, String where, Map<String, Object> params) {
    }

    private static Query query(Filter filter, long[] candidates) {
        if (filter.status() != null && !STATUSES.contains(filter.status())) {
            throw new IllegalArgumentException("unknown status " + filter.status() + "; expected one of " + STATUSES);
        }
        StringBuilder from = new StringBuilder(" from subscriber u");
        StringBuilder where = new StringBuilder();
        Map<String, Object> params = new HashMap<>();
        boolean subscriptionStatus = filter.status() != null && !isSubscriberStatus(filter.status());
        if (filter.listId() != null) {
            params.put("list", filter.listId());
            String status = subscriptionStatus ? " and s.status = :sstatus" : "";
            if (subscriptionStatus) {
                params.put("sstatus", filter.status());
            }
            if (candidates != null) {
                // a few candidates: each one's subscription looked up by its key; as a join, H2 drove it from the
                // list's million subscriptions instead (4 to 7 s at 1,000,000)
                where.append(" and exists (select 1 from subscription s where s.subscriber_id = u.id and s.list_id = :list")
                        .append(status).append(")");
            } else {
                // a list's page drives from subscription (list_id, status, subscriber_id): an index range in key order
                from.append(" join subscription s on s.subscriber_id = u.id and s.list_id = :list").append(status);
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
        if (filter.query() != null) {
            // Anywhere in the address or the name ("chen" finds Wei Chen). On PostgreSQL the trigram indexes
            // (db/vendor/postgresql V15_7) answer it for three letters or more; shorter queries match so many
            // that walking the key finds a page soonest. The pattern is a literal, not a bind parameter, so each
            // planner sees it (H2 especially): LIKE wildcards and backslashes are escaped, then quotes doubled, so
            // it cannot end the literal.
            String pattern = "'" + likeInfix(filter.query()).replace("'", "''") + "' escape '\\'";
            if (candidates != null) {
                // the copy's candidates, written out (they are numbers) so that H2's planner sees how few they are
                // and starts from the primary key, even with a list's join (as one array parameter it drove the join
                // from the list's million subscriptions: 7 s); the like below checks each against the row as it is
                where.append(candidates.length == 0 ? " and 1 = 0" : " and u.id in (" + Arrays.stream(candidates)
                        .mapToObj(Long::toString).collect(Collectors.joining(",")) + ")");
            }
            where.append(filter.query().contains("@") ? " and u.email like " + pattern
                    : " and (u.email like " + pattern + " or u.name_lower like " + pattern + ")");
        }
        return new Query(from.toString(), where.toString(), params);
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
        Query query = query(filter, candidates(filter)); // the copy is asked once, not for every page
        Position after = null;
        do {
            Page page = search(query, after, MAX_PAGE_SIZE, Order.OLDEST);
            page.content().forEach(action);
            after = page.next() == null ? null : new Position(page.next(), null);
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

    /** The query as a LIKE pattern matching it anywhere, its own wildcards taken literally. */
    static String likeInfix(String query) {
        return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private record Row(long id, String email, String name, SubscriberStatus status, String timeZone, Instant createdAt) {
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("email"), rs.getString("name"),
                SubscriberStatus.valueOf(rs.getString("status")),
                rs.getString("time_zone"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
