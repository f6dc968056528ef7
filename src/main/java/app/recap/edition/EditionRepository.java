package app.recap.edition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import app.recap.ranking.RankedStory;
import app.recap.ranking.Ranking;
import app.recap.ranking.ScoreParts;
import app.recap.ranking.StoryCluster;
import app.recap.story.Story;

/** Editions, the stories they collected and their per-audience rankings. */
@Repository
public class EditionRepository {

    /** The row lock of {@link #lockOpen}: taken only while the status is one whose content may still change. */
    private static final String LOCK_OPEN = "update edition set updated_at = updated_at where id = ? and status in ("
            + Arrays.stream(EditionStatus.values()).filter(s -> !s.contentFrozen()).map(s -> "'" + s.name() + "'")
                    .collect(Collectors.joining(", ")) + ")";

    private final JdbcClient jdbc;

    EditionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Edition> find(long listId, IsoWeek week) {
        return jdbc.sql("select id, list_id, iso_week, status, story_count, note from edition where list_id = ? and iso_week = ?")
                .params(listId, week.toString()).query(EditionRepository::map).optional();
    }

    /** Editions of a list, newest week first. */
    public List<Edition> findByList(long listId) {
        return jdbc.sql("select id, list_id, iso_week, status, story_count, note from edition where list_id = ? order by iso_week desc")
                .param(listId).query(EditionRepository::map).list();
    }

    public Optional<Edition> findById(long id) {
        return jdbc.sql("select id, list_id, iso_week, status, story_count, note from edition where id = ?")
                .param(id).query(EditionRepository::map).optional();
    }

    /** The list's edition for the week, created in status COLLECTED if there is none yet. */
    public Edition findOrCreate(long listId, IsoWeek week, Instant now) {
        return find(listId, week).orElseGet(() -> {
            try {
                jdbc.sql("""
                        insert into edition (list_id, iso_week, status, story_count, created_at, updated_at)
                        values (?, ?, 'COLLECTED', 0, ?, ?)""")
                        .params(listId, week.toString(), now.atOffset(ZoneOffset.UTC), now.atOffset(ZoneOffset.UTC)).update();
            } catch (DuplicateKeyException raced) {
                // created by a concurrent run; read it below
            }
            return find(listId, week).orElseThrow();
        });
    }

    public void setStatus(long editionId, EditionStatus status, String note, Instant now) {
        jdbc.sql("update edition set status = ?, note = ?, updated_at = ? where id = ?")
                .params(status.name(), note, now.atOffset(ZoneOffset.UTC), editionId).update();
    }

    /**
     * Takes the edition's row lock for the rest of the transaction when its content may still change, and says
     * whether it may. Whatever changes the content (collect, rank, an editor's steering) and the transaction that
     * prepares deliveries and freezes the edition take it first, so they never interleave: a rebuild that waited
     * for the freeze sees the edition frozen and leaves it alone.
     */
    public boolean lockOpen(long editionId) {
        return jdbc.sql(LOCK_OPEN).param(editionId).update() == 1;
    }

    /**
     * Replaces the edition's collected stories, each with its cluster (see {@link #clusters}); does nothing and
     * answers false when the edition's content is frozen.
     */
    @Transactional
    public boolean replaceStories(long editionId, List<StoryCluster> clusters, Instant now) {
        if (!lockOpen(editionId)) {
            return false;
        }
        jdbc.sql("delete from edition_ranking where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_lead where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_story_source where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_story_audience where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_story_version where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_story where edition_id = ?").param(editionId).update();
        for (StoryCluster cluster : clusters) {
            long storyId = cluster.lead().id();
            String alsoIn = String.join("\n", cluster.alsoIn());
            jdbc.sql("insert into edition_story (edition_id, story_id, coverage, also_in) values (?, ?, ?, ?)")
                    .params(editionId, storyId, cluster.coverage(),
                            alsoIn.length() > 1000 ? alsoIn.substring(0, 1000) : alsoIn)
                    .update();
            int order = 0;
            for (String source : cluster.sources()) {
                jdbc.sql("insert into edition_story_source (edition_id, story_id, sort_order, source_name) values (?, ?, ?, ?)")
                        .params(editionId, storyId, order++, source).update();
            }
            cluster.audienceWeights().forEach((audienceId, weight) -> jdbc.sql(
                    "insert into edition_story_audience (edition_id, story_id, audience_id, weight) values (?, ?, ?, ?)")
                    .params(editionId, storyId, audienceId, weight).update());
            order = 0;
            for (Long versionId : cluster.mergedStoryIds()) {
                jdbc.sql("insert into edition_story_version (edition_id, story_id, sort_order, version_id) values (?, ?, ?, ?)")
                        .params(editionId, storyId, order++, versionId).update();
            }
        }
        jdbc.sql("update edition set story_count = ?, status = 'COLLECTED', updated_at = ? where id = ?")
                .params(clusters.size(), now.atOffset(ZoneOffset.UTC), editionId).update();
        return true;
    }

    /**
     * What collect merged into one collected story: every source that carried a version (the lead's first), the
     * highest weight any version gave each audience, and the versions' ids (the lead's first).
     */
    record CollectedCluster(List<String> sources, Map<Long, Double> audienceWeights, List<Long> mergedStoryIds) {

        StoryCluster of(Story lead) {
            return new StoryCluster(lead, sources, audienceWeights, mergedStoryIds);
        }
    }

    /**
     * The clusters collect stored, by the id of the collected story that leads each; empty for an edition with no
     * stories, and for one collected before clusters were stored (V9_2).
     */
    Map<Long, CollectedCluster> clusters(long editionId) {
        Map<Long, List<String>> sources = new LinkedHashMap<>();
        jdbc.sql("select story_id, source_name from edition_story_source where edition_id = ? order by story_id, sort_order")
                .param(editionId)
                .query((ResultSet rs) -> {
                    sources.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<Long, Map<Long, Double>> weights = new HashMap<>();
        jdbc.sql("select story_id, audience_id, weight from edition_story_audience where edition_id = ? order by story_id, audience_id")
                .param(editionId)
                .query((ResultSet rs) -> {
                    weights.computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>()).put(rs.getLong(2), rs.getDouble(3));
                });
        Map<Long, List<Long>> versions = new HashMap<>();
        jdbc.sql("select story_id, version_id from edition_story_version where edition_id = ? order by story_id, sort_order")
                .param(editionId)
                .query((ResultSet rs) -> {
                    versions.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        Map<Long, CollectedCluster> clusters = new LinkedHashMap<>();
        sources.forEach((storyId, names) -> clusters.put(storyId, new CollectedCluster(List.copyOf(names),
                weights.getOrDefault(storyId, Map.of()), List.copyOf(versions.getOrDefault(storyId, List.of(storyId))))));
        return clusters;
    }

    /**
     * The versions collect merged into each collected story, by the lead's id in the order collect stored them;
     * each list starts with the lead. Empty for an edition with no stories or collected before V9_2.
     */
    public Map<Long, List<Long>> clusterVersions(long editionId) {
        Map<Long, List<Long>> result = new LinkedHashMap<>();
        clusters(editionId).forEach((lead, cluster) -> result.put(lead, cluster.mergedStoryIds()));
        return result;
    }

    /** For each collected story, the other sources that carried it. */
    public Map<Long, List<String>> alsoIn(long editionId) {
        Map<Long, List<String>> result = new HashMap<>();
        jdbc.sql("select story_id, also_in from edition_story where edition_id = ?").param(editionId)
                .query((ResultSet rs) -> {
                    String value = rs.getString(2);
                    result.put(rs.getLong(1), value == null || value.isEmpty() ? List.of() : Arrays.asList(value.split("\n")));
                });
        return result;
    }

    /**
     * Replaces the edition's lead and per-audience rankings and marks it RANKED; does nothing and answers false when
     * the edition's content is frozen.
     */
    @Transactional
    public boolean replaceRanking(long editionId, Ranking ranking, Instant now) {
        if (!lockOpen(editionId)) {
            return false;
        }
        jdbc.sql("delete from edition_ranking where edition_id = ?").param(editionId).update();
        jdbc.sql("delete from edition_lead where edition_id = ?").param(editionId).update();
        int leadPosition = 0;
        for (RankedStory story : ranking.lead()) {
            ScoreParts p = story.parts();
            jdbc.sql("""
                    insert into edition_lead (edition_id, rank_position, story_id, score, relevance, importance,
                        freshness, coverage, authority, engagement, redundancy, similar_story_id, marginal_score,
                        explanation)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(editionId, leadPosition++, story.storyId(), story.score(), p.relevance(), p.importance(),
                            p.freshness(), p.coverage(), p.authority(), p.engagement(), story.redundancy(),
                            story.similarStoryId(), story.marginalScore(), explanation(story))
                    .update();
        }
        ranking.byAudience().forEach((audienceId, stories) -> {
            int position = 0;
            for (RankedStory story : stories) {
                ScoreParts p = story.parts();
                jdbc.sql("""
                        insert into edition_ranking (edition_id, audience_id, rank_position, story_id, score,
                            explanation, relevance, importance, freshness, coverage, authority, engagement,
                            redundancy, similar_story_id, marginal_score)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(editionId, audienceId, position++, story.storyId(), story.score(), explanation(story),
                                p.relevance(), p.importance(), p.freshness(), p.coverage(), p.authority(),
                                p.engagement(), story.redundancy(), story.similarStoryId(), story.marginalScore())
                        .update();
            }
        });
        setStatus(editionId, EditionStatus.RANKED, null, now);
        return true;
    }

    /** Audience id to its ranked stories, in the order the sections take them. */
    public Map<Long, List<RankedStory>> ranking(long editionId) {
        Map<Long, List<RankedStory>> result = new LinkedHashMap<>();
        jdbc.sql("""
                select audience_id, story_id, score, explanation, relevance, importance, freshness, coverage,
                    authority, engagement, redundancy, similar_story_id, marginal_score
                from edition_ranking where edition_id = ? order by audience_id, rank_position""").param(editionId)
                .query((ResultSet rs) -> {
                    result.computeIfAbsent(rs.getLong("audience_id"), k -> new ArrayList<>()).add(ranked(rs));
                });
        return result;
    }

    /** Every story relevant to the list's audiences, in lead order; the first {@code lead-size} are the lead. */
    public List<RankedStory> lead(long editionId) {
        return jdbc.sql("""
                select story_id, score, explanation, relevance, importance, freshness, coverage, authority,
                    engagement, redundancy, similar_story_id, marginal_score
                from edition_lead where edition_id = ? order by rank_position""").param(editionId)
                .query((rs, n) -> ranked(rs)).list();
    }

    /** How many stories the edition could show at all: those relevant to one of the list's audiences. */
    public int leadCount(long editionId) {
        return jdbc.sql("select count(*) from edition_lead where edition_id = ?").param(editionId)
                .query(Integer.class).single();
    }

    private static RankedStory ranked(ResultSet rs) throws SQLException {
        // rows ranked before the parts were stored (V7_1, engagement V12_1) read as zeros
        ScoreParts parts = new ScoreParts(number(rs, "relevance"), number(rs, "importance"), number(rs, "freshness"),
                number(rs, "coverage"), number(rs, "authority"), number(rs, "engagement"));
        return new RankedStory(rs.getLong("story_id"), rs.getDouble("score"), parts, number(rs, "redundancy"),
                rs.getObject("similar_story_id", Long.class), number(rs, "marginal_score"),
                rs.getString("explanation"));
    }

    private static double number(ResultSet rs, String column) throws SQLException {
        Double value = rs.getObject(column, Double.class);
        return value == null ? 0 : value;
    }

    private static String explanation(RankedStory story) {
        String text = story.explanation();
        return text.length() > 500 ? text.substring(0, 499) + "…" : text;
    }

    private static Edition map(ResultSet rs, int row) throws SQLException {
        return new Edition(rs.getLong("id"), rs.getLong("list_id"), IsoWeek.parse(rs.getString("iso_week")),
                EditionStatus.valueOf(rs.getString("status")), rs.getInt("story_count"), rs.getString("note"));
    }
}
