package app.recap.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Feed sources and their fetch status. */
@Repository
public class FeedSourceRepository {

    private static final String COLUMNS = """
            id, url, name, enabled, authority, etag, last_modified, last_fetched_at, last_status, last_items_seen,
            last_new_stories, last_error, consecutive_failures, next_fetch_at""";

    private final JdbcClient jdbc;

    FeedSourceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<FeedSource> findAll() {
        return jdbc.sql("select " + COLUMNS + " from feed_source order by id").query(FeedSourceRepository::map).list();
    }

    public List<FeedSource> findEnabled() {
        return jdbc.sql("select " + COLUMNS + " from feed_source where enabled = true order by id")
                .query(FeedSourceRepository::map).list();
    }

    public Optional<FeedSource> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from feed_source where id = ?").param(id)
                .query(FeedSourceRepository::map).optional();
    }

    public Optional<FeedSource> findByUrl(String url) {
        return jdbc.sql("select " + COLUMNS + " from feed_source where url = ?").param(url)
                .query(FeedSourceRepository::map).optional();
    }

    /** Adds a feed, or returns the one already registered under the same URL. */
    public FeedSource register(String url, String name, double authority, Instant now) {
        return findByUrl(url).orElseGet(() -> {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("insert into feed_source (url, name, authority, created_at) values (?, ?, ?, ?)")
                    .params(url, name, authority, now.atOffset(ZoneOffset.UTC)).update(keys, "id");
            return findById(keys.getKey().longValue()).orElseThrow();
        });
    }

    /** Records a fetch that worked (including an unchanged 304). */
    void recordSuccess(long id, Instant at, int status, int itemsSeen, int newStories, String etag,
            String lastModified) {
        jdbc.sql("""
                update feed_source set last_fetched_at = ?, last_status = ?, last_items_seen = ?,
                    last_new_stories = ?, last_error = null, consecutive_failures = 0, next_fetch_at = null,
                    etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                where id = ?""")
                .params(utc(at), status, itemsSeen, newStories, etag, lastModified, id).update();
    }

    /** Records a failed fetch and when to try again. */
    void recordFailure(long id, Instant at, Integer status, String error, Instant nextFetchAt) {
        jdbc.sql("""
                update feed_source set last_fetched_at = ?, last_status = ?, last_error = ?,
                    consecutive_failures = consecutive_failures + 1, next_fetch_at = ?
                where id = ?""")
                .params(utc(at), status, error.length() > 2000 ? error.substring(0, 2000) : error,
                        nextFetchAt == null ? null : utc(nextFetchAt), id)
                .update();
    }

    private static FeedSource map(ResultSet rs, int row) throws SQLException {
        return new FeedSource(rs.getLong("id"), rs.getString("url"), rs.getString("name"), rs.getBoolean("enabled"),
                rs.getDouble("authority"), rs.getString("etag"), rs.getString("last_modified"),
                instant(rs, "last_fetched_at"), (Integer) rs.getObject("last_status", Integer.class),
                rs.getObject("last_items_seen", Integer.class), rs.getObject("last_new_stories", Integer.class),
                rs.getString("last_error"), rs.getInt("consecutive_failures"), instant(rs, "next_fetch_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
