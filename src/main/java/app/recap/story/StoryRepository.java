package app.recap.story;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
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

    /** URLs per {@code in (...)} lookup: a feed's items in one or a few statements, well under any driver limit. */
    private static final int LOOKUP_SIZE = 500;

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final AudienceRepository audiences;
    private final TransactionTemplate storyTransaction;

    StoryRepository(JdbcClient jdbc, JdbcTemplate template, AudienceRepository audiences,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.template = template;
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

    /**
     * Saves a batch of stories, such as one feed's items, with the same outcome as {@link #save} called for each in
     * order (a URL repeated within the batch is created once, its later occurrences add coverage), but with a few
     * batched statements instead of several per story: one lookup of the URLs already stored, one of the sources
     * already recorded for them, the audiences resolved once per name, and the new stories with their details
     * inserted in one transaction. When a concurrent ingest stores one of the URLs first, that transaction rolls
     * back whole and the batch is saved story by story instead, as {@link #save} would.
     *
     * @return one result per story, in the order given
     */
    public List<SaveResult> saveAll(List<IncomingStory> batch, Instant collectedAt) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<String, Long> stored = idsByUrl(batch.stream().map(IncomingStory::url).distinct().toList());
        Map<String, IncomingStory> fresh = new LinkedHashMap<>();
        for (IncomingStory story : batch) {
            if (!stored.containsKey(story.url())) {
                fresh.putIfAbsent(story.url(), story);
            }
        }
        if (!fresh.isEmpty()) {
            // audiences before the stories' transaction, for the reason given in save
            Map<String, Long> audienceIds = new HashMap<>();
            List<Map<Long, Double>> weights = new ArrayList<>(fresh.size());
            for (IncomingStory story : fresh.values()) {
                Map<Long, Double> own = new LinkedHashMap<>();
                for (AudienceWeight aw : story.audiences()) {
                    Long audienceId = audienceIds.computeIfAbsent(aw.audienceDisplayName(),
                            name -> audiences.ensureByDisplayName(name).id());
                    own.merge(audienceId, clamp(aw.weight()), Math::max);
                }
                weights.add(own);
            }
            try {
                stored.putAll(storyTransaction.execute(status -> insertAll(List.copyOf(fresh.values()), weights,
                        collectedAt)));
            } catch (DuplicateKeyException raced) {
                return batch.stream().map(story -> save(story, collectedAt)).toList();
            }
        }
        List<SaveResult> results = new ArrayList<>(batch.size());
        Set<String> created = new HashSet<>();
        Map<SourceKey, IncomingStory> coverage = new LinkedHashMap<>();
        for (IncomingStory story : batch) {
            long id = stored.get(story.url());
            boolean isNew = fresh.get(story.url()) == story && created.add(story.url());
            if (!isNew) {
                coverage.putIfAbsent(key(id, story.sourceName()), story);
            }
            results.add(new SaveResult(id, isNew));
        }
        addSources(coverage, stored, collectedAt);
        return results;
    }

    /** Inserts new stories with their takeaways, audiences and first source; returns their ids by URL. */
    private Map<String, Long> insertAll(List<IncomingStory> fresh, List<Map<Long, Double>> weights,
            Instant collectedAt) {
        List<Object[]> rows = new ArrayList<>(fresh.size());
        for (IncomingStory story : fresh) {
            rows.add(storyRow(story, collectedAt));
        }
        // the ids from the batch's generated keys, one per row in order, rather than a second lookup by URL
        var keys = new GeneratedKeyHolder();
        template.batchUpdate(connection -> connection.prepareStatement(INSERT_STORY, new String[] {"id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement statement, int i) throws SQLException {
                        new ArgumentPreparedStatementSetter(rows.get(i)).setValues(statement);
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                }, keys);
        List<Map<String, Object>> generated = keys.getKeyList();
        if (generated.size() != fresh.size()) {
            throw new IllegalStateException("the database returned " + generated.size() + " keys for "
                    + fresh.size() + " new stories");
        }
        Map<String, Long> ids = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            ids.put(fresh.get(i).url(), generatedId(generated.get(i)));
        }
        List<Object[]> takeaways = new ArrayList<>();
        List<Object[]> audienceRows = new ArrayList<>();
        List<Object[]> sources = new ArrayList<>(fresh.size());
        for (int i = 0; i < fresh.size(); i++) {
            IncomingStory story = fresh.get(i);
            long id = ids.get(story.url());
            int order = 0;
            for (String takeaway : story.takeaways()) {
                takeaways.add(new Object[] {id, order++, truncate(takeaway, 2000)});
            }
            weights.get(i).forEach((audienceId, weight) -> audienceRows.add(new Object[] {id, audienceId, weight}));
            sources.add(new Object[] {id, truncate(story.sourceName(), 200), story.url(), utc(collectedAt)});
        }
        if (!takeaways.isEmpty()) {
            template.batchUpdate(INSERT_TAKEAWAY, takeaways);
        }
        if (!audienceRows.isEmpty()) {
            template.batchUpdate(INSERT_AUDIENCE, audienceRows);
        }
        template.batchUpdate(INSERT_SOURCE, sources);
        return ids;
    }

    /** The story id in one row of generated keys: its only column, or the one named id in any case. */
    private static long generatedId(Map<String, Object> row) {
        Object id = row.size() == 1 ? row.values().iterator().next()
                : row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("id")).findFirst()
                        .map(Map.Entry::getValue).orElseThrow();
        return ((Number) id).longValue();
    }

    /**
     * Records coverage by sources not yet recorded for stories already stored: one lookup, then one batch; a
     * source another ingest records meanwhile sends them one by one through {@link #addSource}.
     */
    private void addSources(Map<SourceKey, IncomingStory> coverage, Map<String, Long> ids, Instant seenAt) {
        if (coverage.isEmpty()) {
            return;
        }
        Set<Long> storyIds = new LinkedHashSet<>();
        coverage.values().forEach(story -> storyIds.add(ids.get(story.url())));
        Set<SourceKey> known = new HashSet<>();
        List<Long> idList = List.copyOf(storyIds);
        for (int from = 0; from < idList.size(); from += LOOKUP_SIZE) {
            jdbc.sql("select story_id, source_name from story_source where story_id in (:ids)")
                    .param("ids", idList.subList(from, Math.min(idList.size(), from + LOOKUP_SIZE)))
                    .query((ResultSet rs) -> {
                        known.add(key(rs.getLong(1), rs.getString(2)));
                    });
        }
        List<Object[]> rows = new ArrayList<>();
        coverage.forEach((key, story) -> {
            if (!known.contains(key)) {
                rows.add(new Object[] {ids.get(story.url()), truncate(story.sourceName(), 200), story.url(),
                        utc(seenAt)});
            }
        });
        if (rows.isEmpty()) {
            return;
        }
        try {
            storyTransaction.executeWithoutResult(status -> template.batchUpdate(INSERT_SOURCE, rows));
        } catch (DuplicateKeyException raced) {
            rows.forEach(row -> addSource((Long) row[0], (String) row[1], (String) row[2], seenAt));
        }
    }

    /** One coverage row's key: a story and a source name as stored (truncated). */
    private record SourceKey(long storyId, String sourceName) {
    }

    private static SourceKey key(long storyId, String sourceName) {
        return new SourceKey(storyId, truncate(sourceName, 200));
    }

    /** Story ids by URL, for the URLs already stored. */
    private Map<String, Long> idsByUrl(List<String> urls) {
        Map<String, Long> ids = new HashMap<>();
        for (int from = 0; from < urls.size(); from += LOOKUP_SIZE) {
            jdbc.sql("select id, url from story where url in (:urls)")
                    .param("urls", urls.subList(from, Math.min(urls.size(), from + LOOKUP_SIZE)))
                    .query((ResultSet rs) -> {
                        ids.put(rs.getString(2), rs.getLong(1));
                    });
        }
        return ids;
    }

    private static final String INSERT_STORY = """
            insert into story (url, title, title_key, summary, source_name, feed_id, published_at,
                published_estimated, collected_at, tldr_what_changed, tldr_why_it_matters, tldr_what_to_do_next,
                importance, enriched_locally)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_TAKEAWAY =
            "insert into story_takeaway (story_id, sort_order, takeaway) values (?, ?, ?)";
    private static final String INSERT_AUDIENCE =
            "insert into story_audience (story_id, audience_id, weight) values (?, ?, ?)";
    private static final String INSERT_SOURCE =
            "insert into story_source (story_id, source_name, url, seen_at) values (?, ?, ?, ?)";

    private long insertWithDetails(IncomingStory story, Map<Long, Double> weights, Instant collectedAt) {
        long id = insert(story, collectedAt);
        int order = 0;
        for (String takeaway : story.takeaways()) {
            jdbc.sql(INSERT_TAKEAWAY).params(id, order++, truncate(takeaway, 2000)).update();
        }
        weights.forEach((audienceId, weight) -> jdbc.sql(INSERT_AUDIENCE).params(id, audienceId, weight).update());
        jdbc.sql(INSERT_SOURCE).params(id, truncate(story.sourceName(), 200), story.url(), utc(collectedAt)).update();
        return id;
    }

    private long insert(IncomingStory story, Instant collectedAt) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql(INSERT_STORY).params(storyRow(story, collectedAt)).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** The story table's values for a new story, in the order of {@link #INSERT_STORY}. */
    private static Object[] storyRow(IncomingStory story, Instant collectedAt) {
        Instant published = story.publishedAt() != null ? story.publishedAt() : collectedAt;
        Tldr tldr = story.tldr();
        return new Object[] {story.url(), truncate(story.title(), 1000), TitleKeys.of(story.title()),
                truncate(story.summary(), 8000), truncate(story.sourceName(), 200), story.feedId(),
                utc(published), story.publishedAt() == null, utc(collectedAt),
                truncate(tldr.whatChanged(), 2000), truncate(tldr.whyItMatters(), 2000),
                truncate(tldr.whatToDoNext(), 2000), clamp(story.importance()), story.enrichedLocally()};
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

    /** Keeps the stories of a feed being removed: they stay, naming no feed (their source name stays). */
    public void forgetFeed(long feedId) {
        jdbc.sql("update story set feed_id = null where feed_id = ?").param(feedId).update();
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

    /**
     * Replaces a plain story's whole local enrichment with a model's (the enrichment module's optional LLM): the three
     * TL;DR parts, the takeaways, the importance and the audiences. A story the aggregator enriched is left as it is.
     * The caller has cleaned and bounded every text; lengths are capped here as on insert.
     *
     * @param audienceWeights audience id to weight 0..1
     * @return whether the story was a plain one and was updated
     */
    public boolean replaceWithModelEnrichment(long storyId, Tldr tldr, List<String> takeaways, double importance,
            Map<Long, Double> audienceWeights) {
        return Boolean.TRUE.equals(storyTransaction.execute(status -> {
            int updated = jdbc.sql("""
                    update story set tldr_what_changed = ?, tldr_why_it_matters = ?, tldr_what_to_do_next = ?,
                        importance = ? where id = ? and enriched_locally = true""")
                    .params(truncate(tldr.whatChanged(), 2000), truncate(tldr.whyItMatters(), 2000),
                            truncate(tldr.whatToDoNext(), 2000), clamp(importance), storyId)
                    .update();
            if (updated == 0) {
                return false;
            }
            jdbc.sql("delete from story_takeaway where story_id = ?").param(storyId).update();
            int order = 0;
            for (String takeaway : takeaways) {
                jdbc.sql(INSERT_TAKEAWAY).params(storyId, order++, truncate(takeaway, 2000)).update();
            }
            jdbc.sql("delete from story_audience where story_id = ?").param(storyId).update();
            audienceWeights.forEach((audienceId, weight) -> jdbc.sql(INSERT_AUDIENCE)
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
