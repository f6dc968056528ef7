package app.recap.story;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;

/** Stores stories, recognising one seen again by its normalised URL. */
@Repository
public class StoryRepository {

    /** What saving a story did. */
    public record SaveResult(long storyId, boolean created) {
    }

    private final JdbcClient jdbc;
    private final AudienceRepository audiences;
    private final TransactionTemplate storyTransaction;

    StoryRepository(JdbcClient jdbc, AudienceRepository audiences, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.audiences = audiences;
        this.storyTransaction = new TransactionTemplate(transactions);
        // a savepoint when a caller already holds a transaction, so a lost race does not spoil the caller's
        this.storyTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Saves a new story, or records the source as coverage of the story already stored under the same URL. Safe
     * to call concurrently for the same URL: one call creates the story, the others add coverage.
     *
     * @param collectedAt when ingestion saw it; also the published time when the feed had none
     */
    public SaveResult save(IncomingStory story, Instant collectedAt) {
        Optional<Long> existing = findIdByUrl(story.url());
        if (existing.isPresent()) {
            addSource(existing.get(), story.sourceName(), story.url(), collectedAt);
            return new SaveResult(existing.get(), false);
        }
        // audiences before the story's transaction: creating one may race another ingest, and on PostgreSQL a
        // failed statement spoils the transaction it runs in
        Map<Long, Double> weights = new LinkedHashMap<>();
        for (AudienceWeight aw : story.audiences()) {
            Audience audience = audiences.ensureByDisplayName(aw.audienceDisplayName());
            weights.merge(audience.id(), clamp(aw.weight()), Math::max);
        }
        try {
            long id = storyTransaction.execute(status -> insertWithDetails(story, weights, collectedAt));
            return new SaveResult(id, true);
        } catch (DuplicateKeyException raced) {
            long other = findIdByUrl(story.url()).orElseThrow();
            addSource(other, story.sourceName(), story.url(), collectedAt);
            return new SaveResult(other, false);
        }
    }

    private long insertWithDetails(IncomingStory story, Map<Long, Double> weights, Instant collectedAt) {
        long id = insert(story, collectedAt);
        int order = 0;
        for (String takeaway : story.takeaways()) {
            jdbc.sql("insert into story_takeaway (story_id, sort_order, takeaway) values (?, ?, ?)")
                    .params(id, order++, truncate(takeaway, 2000)).update();
        }
        weights.forEach((audienceId, weight) -> jdbc
                .sql("insert into story_audience (story_id, audience_id, weight) values (?, ?, ?)")
                .params(id, audienceId, weight).update());
        jdbc.sql("insert into story_source (story_id, source_name, url, seen_at) values (?, ?, ?, ?)")
                .params(id, truncate(story.sourceName(), 200), story.url(), utc(collectedAt)).update();
        return id;
    }

    private long insert(IncomingStory story, Instant collectedAt) {
        var keys = new GeneratedKeyHolder();
        Instant published = story.publishedAt() != null ? story.publishedAt() : collectedAt;
        Tldr tldr = story.tldr();
        jdbc.sql("""
                insert into story (url, title, title_key, summary, source_name, feed_id, published_at,
                    published_estimated, collected_at, tldr_what_changed, tldr_why_it_matters, tldr_what_to_do_next,
                    importance, enriched_locally)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(story.url(), truncate(story.title(), 1000), TitleKeys.of(story.title()),
                        truncate(story.summary(), 8000), truncate(story.sourceName(), 200), story.feedId(),
                        utc(published), story.publishedAt() == null, utc(collectedAt),
                        truncate(tldr.whatChanged(), 2000), truncate(tldr.whyItMatters(), 2000),
                        truncate(tldr.whatToDoNext(), 2000), clamp(story.importance()), story.enrichedLocally())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Records that a source carried the story; a source seen again changes nothing. */
    private void addSource(long storyId, String sourceName, String url, Instant seenAt) {
        String name = truncate(sourceName, 200);
        try {
            jdbc.sql("""
                    insert into story_source (story_id, source_name, url, seen_at)
                    select ?, ?, ?, ? where not exists
                        (select 1 from story_source where story_id = ? and source_name = ?)""")
                    .params(storyId, name, url, utc(seenAt), storyId, name).update();
        } catch (DuplicateKeyException raced) {
            // another ingest recorded the same coverage first
        }
    }

    /**
     * Replaces what local enrichment guessed for a plain story (one stored with {@code enrichedLocally}): its
     * audiences and the TL;DR's first part. A story the aggregator enriched is left as it is, and so is the TL;DR
     * when {@code whatChanged} is null.
     *
     * @param audienceWeights audience id to weight 0..1; empty leaves the story without audiences
     * @return whether the story was a plain one and was updated
     */
    public boolean replaceLocalEnrichment(long storyId, String whatChanged, Map<Long, Double> audienceWeights) {
        return Boolean.TRUE.equals(storyTransaction.execute(status -> {
            int updated = jdbc.sql("update story set tldr_what_changed = coalesce(?, tldr_what_changed)"
                    + " where id = ? and enriched_locally = true")
                    .params(truncate(whatChanged, 2000), storyId).update();
            if (updated == 0) {
                return false;
            }
            jdbc.sql("delete from story_audience where story_id = ?").param(storyId).update();
            audienceWeights.forEach((audienceId, weight) -> jdbc
                    .sql("insert into story_audience (story_id, audience_id, weight) values (?, ?, ?)")
                    .params(storyId, audienceId, clamp(weight)).update());
            return true;
        }));
    }

    public Optional<Long> findIdByUrl(String url) {
        return jdbc.sql("select id from story where url = ?").param(url).query(Long.class).optional();
    }

    public long count() {
        return jdbc.sql("select count(*) from story").query(Long.class).single();
    }

    /** Stories published in {@code [from, to)}, oldest first, with takeaways, audiences and sources. */
    public List<Story> findPublishedBetween(Instant from, Instant to) {
        String where = " where s.published_at >= ? and s.published_at < ?";
        return load(where, utc(from), utc(to));
    }

    /** Stories by id, in no particular order. */
    public List<Story> findAllById(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        return load(" where s.id in (" + marks + ")", ids.toArray());
    }

    private List<Story> load(String where, Object... params) {
        Map<Long, List<String>> takeaways = new HashMap<>();
        jdbc.sql("select t.story_id, t.takeaway from story_takeaway t join story s on s.id = t.story_id" + where
                + " order by t.story_id, t.sort_order").params(params)
                .query((ResultSet rs) -> {
                    takeaways.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<Long, Map<Long, Double>> weights = new HashMap<>();
        jdbc.sql("select a.story_id, a.audience_id, a.weight from story_audience a join story s on s.id = a.story_id"
                + where).params(params)
                .query((ResultSet rs) -> {
                    weights.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getLong(2), rs.getDouble(3));
                });
        Map<Long, List<Story.StorySource>> sources = new HashMap<>();
        jdbc.sql("select o.story_id, o.source_name, o.url from story_source o join story s on s.id = o.story_id"
                + where + " order by o.story_id, o.seen_at, o.source_name").params(params)
                .query((ResultSet rs) -> {
                    sources.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Story.StorySource(rs.getString(2), rs.getString(3)));
                });
        return jdbc.sql("""
                select s.id, s.url, s.title, s.title_key, s.summary, s.source_name, s.published_at,
                       s.published_estimated, s.collected_at, s.tldr_what_changed, s.tldr_why_it_matters,
                       s.tldr_what_to_do_next, s.importance
                from story s""" + where + " order by s.published_at, s.id").params(params)
                .query((rs, n) -> map(rs, takeaways, weights, sources)).list();
    }

    private static Story map(ResultSet rs, Map<Long, List<String>> takeaways, Map<Long, Map<Long, Double>> weights,
            Map<Long, List<Story.StorySource>> sources) throws SQLException {
        long id = rs.getLong("id");
        return new Story(id, rs.getString("url"), rs.getString("title"), rs.getString("title_key"),
                rs.getString("summary"), rs.getString("source_name"), instant(rs, "published_at"),
                rs.getBoolean("published_estimated"), instant(rs, "collected_at"),
                new Tldr(rs.getString("tldr_what_changed"), rs.getString("tldr_why_it_matters"),
                        rs.getString("tldr_what_to_do_next")),
                rs.getDouble("importance"), takeaways.getOrDefault(id, List.of()),
                weights.getOrDefault(id, Map.of()),
                sources.getOrDefault(id, List.of(new Story.StorySource(rs.getString("source_name"), rs.getString("url")))));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static double clamp(double value) {
        return Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, value));
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
