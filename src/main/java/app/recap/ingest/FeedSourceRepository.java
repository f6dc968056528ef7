package app.recap.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Feed sources and their fetch status. */
@Repository
public class FeedSourceRepository {

    private static final String COLUMNS = """
            id, url, name, enabled, authority, etag, last_modified, last_fetched_at, last_status, last_items_seen,
            last_new_stories, last_error, consecutive_failures, next_fetch_at, last_success_at, last_skipped_items,
            last_warning, last_final_url, last_model_enrichment""";

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

    /**
     * Enabled feeds that are not waiting out a back-off at {@code at}. Newsletter sources ({@code mailto:}) are not
     * fetched: their issues arrive in the newsletter mailbox.
     */
    List<FeedSource> findDue(Instant at) {
        return jdbc.sql("select " + COLUMNS + """
                 from feed_source
                where enabled = true and (next_fetch_at is null or next_fetch_at <= ?) and url not like 'mailto:%'
                order by id""")
                .param(utc(at)).query(FeedSourceRepository::map).list();
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
            try {
                var keys = new GeneratedKeyHolder();
                jdbc.sql("insert into feed_source (url, name, authority, created_at) values (?, ?, ?, ?)")
                        .params(url, name, authority, utc(now)).update(keys, "id");
                return findById(keys.getKey().longValue()).orElseThrow();
            } catch (DuplicateKeyException raced) {
                return findByUrl(url).orElseThrow();
            }
        });
    }

    /** Changes what the admin set; a moved feed forgets its validators and back-off, as a new one would. */
    void update(long id, String url, String name, double authority, boolean moved) {
        jdbc.sql("update feed_source set url = ?, name = ?, authority = ? where id = ?")
                .params(url, name, authority, id).update();
        if (moved) {
            jdbc.sql("""
                    update feed_source set etag = null, last_modified = null, consecutive_failures = 0,
                        next_fetch_at = null where id = ?""").param(id).update();
        }
    }

    void delete(long id) {
        jdbc.sql("delete from feed_source where id = ?").param(id).update();
    }

    /** Turns the scheduled fetching of a feed on or off; false when there is no such feed. */
    boolean setEnabled(long id, boolean enabled) {
        return jdbc.sql("update feed_source set enabled = ? where id = ?").params(enabled, id).update() == 1;
    }

    /** Records a fetch that worked (including an unchanged 304) and ends any back-off. */
    void recordSuccess(long id, Instant at, FetchReport report, String etag, String lastModified, String finalUrl) {
        jdbc.sql("""
                update feed_source set last_fetched_at = ?, last_success_at = ?, last_status = ?, last_items_seen = ?,
                    last_new_stories = ?, last_skipped_items = ?, last_warning = ?, last_error = null,
                    consecutive_failures = 0, next_fetch_at = null, last_final_url = ?,
                    etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
                where id = ?""")
                .params(utc(at), utc(at), report.status(), report.itemsSeen(), report.newStories(),
                        report.skippedItems(), truncate(report.warning(), 1000), truncate(finalUrl, 2000),
                        truncate(etag, 500), truncate(lastModified, 100), id)
                .update();
    }

    /** Records a failed fetch and when the scheduled ingest may try again. */
    void recordFailure(long id, Instant at, Integer status, String error, Instant nextFetchAt) {
        jdbc.sql("""
                update feed_source set last_fetched_at = ?, last_status = ?, last_error = ?,
                    consecutive_failures = consecutive_failures + 1, next_fetch_at = ?
                where id = ?""")
                .params(utc(at), status, truncate(error, 2000), nextFetchAt == null ? null : utc(nextFetchAt), id)
                .update();
    }

    /**
     * Records on a feed's status what the enrichment module's optional LLM did for its stories in this run: the
     * column is ingest's, the words the enrichment module's. No feed with the id changes nothing.
     */
    public void recordModelEnrichment(long feedId, String note) {
        jdbc.sql("update feed_source set last_model_enrichment = ? where id = ?")
                .params(truncate(note, 1000), feedId).update();
    }

    private static FeedSource map(ResultSet rs, int row) throws SQLException {
        return new FeedSource(rs.getLong("id"), rs.getString("url"), rs.getString("name"), rs.getBoolean("enabled"),
                rs.getDouble("authority"), rs.getString("etag"), rs.getString("last_modified"),
                instant(rs, "last_fetched_at"), rs.getObject("last_status", Integer.class),
                rs.getObject("last_items_seen", Integer.class), rs.getObject("last_new_stories", Integer.class),
                rs.getString("last_error"), rs.getInt("consecutive_failures"), instant(rs, "next_fetch_at"),
                instant(rs, "last_success_at"), rs.getObject("last_skipped_items", Integer.class),
                rs.getString("last_warning"), rs.getString("last_final_url"),
                rs.getString("last_model_enrichment"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
