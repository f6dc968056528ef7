package app.recap.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The newsletter side of newsletter sources: address, senders and what the last messages did. */
@Repository
class NewsletterSourceRepository {

    static final String MAILTO = "mailto:";

    private final JdbcClient jdbc;
    private final FeedSourceRepository feeds;

    NewsletterSourceRepository(JdbcClient jdbc, FeedSourceRepository feeds) {
        this.jdbc = jdbc;
        this.feeds = feeds;
    }

    List<NewsletterSource> findAll() {
        return jdbc.sql("select * from newsletter_source order by feed_id").query(this::map).list();
    }

    Optional<NewsletterSource> findByAddress(String address) {
        return jdbc.sql("select * from newsletter_source where address = ?").param(address).query(this::map)
                .optional();
    }

    Optional<NewsletterSource> findById(long feedId) {
        return jdbc.sql("select * from newsletter_source where feed_id = ?").param(feedId).query(this::map)
                .optional();
    }

    /** Adds the newsletter side to a feed row registered as {@code mailto:<address>}. */
    void insert(long feedId, String address, List<String> senders) {
        jdbc.sql("insert into newsletter_source (feed_id, address, senders) values (?, ?, ?)")
                .params(feedId, address, String.join("\n", senders)).update();
    }

    void updateSenders(long feedId, List<String> senders) {
        jdbc.sql("update newsletter_source set senders = ? where feed_id = ?")
                .params(String.join("\n", senders), feedId).update();
    }

    void recordIssue(long feedId, Instant at, String subject) {
        jdbc.sql("update newsletter_source set last_issue_at = ?, last_subject = ? where feed_id = ?")
                .params(utc(at), truncate(subject, 500), feedId).update();
    }

    void recordRefusal(long feedId, Instant at, String reason) {
        jdbc.sql("""
                update newsletter_source set last_refused_at = ?, last_refused = ?, refused_count = refused_count + 1
                where feed_id = ?""")
                .params(utc(at), truncate(reason, 1000), feedId).update();
    }

    private NewsletterSource map(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("feed_id");
        FeedSource feed = feeds.findById(id).orElseThrow();
        String senders = rs.getString("senders");
        return new NewsletterSource(feed, rs.getString("address"),
                senders == null || senders.isBlank() ? List.of() : Arrays.asList(senders.split("\n")),
                instant(rs, "last_issue_at"), rs.getString("last_subject"), instant(rs, "last_refused_at"),
                rs.getString("last_refused"), rs.getInt("refused_count"));
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
