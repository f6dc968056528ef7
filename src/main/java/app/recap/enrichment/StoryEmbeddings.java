package app.recap.enrichment;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored story vectors ({@code story_embedding}), written once per story by the enrichStories step. Read by the
 * weekly job to join near-duplicates; a story without a vector (ingested while enrichment was off, or not embedded
 * yet) is simply left to the word rules.
 */
@Repository
public class StoryEmbeddings {

    private static final int IN_LIST = 500;

    /** A story still to embed; {@code plain} when it arrived without the aggregator's enrichment. */
    record Pending(long storyId, boolean plain) {
    }

    private final JdbcClient jdbc;

    StoryEmbeddings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The title-and-lede unit vectors of the given stories, for near-duplicate detection.
     *
     * @return story id to its vector; stories without one are missing from the map
     */
    public Map<Long, float[]> ledeVectors(Collection<Long> storyIds) {
        return vectors("lede_vector", storyIds);
    }

    /** The title-and-text unit vectors of the given stories, as {@link #ledeVectors}. */
    Map<Long, float[]> textVectors(Collection<Long> storyIds) {
        return vectors("text_vector", storyIds);
    }

    private Map<Long, float[]> vectors(String column, Collection<Long> storyIds) {
        Map<Long, float[]> result = new HashMap<>();
        List<Long> ids = List.copyOf(storyIds);
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<Long> part = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            String marks = String.join(",", Collections.nCopies(part.size(), "?"));
            jdbc.sql("select story_id, " + column + " from story_embedding where story_id in (" + marks + ")")
                    .params(part.toArray())
                    .query((ResultSet rs) -> {
                        result.put(rs.getLong(1), Vectors.decode(rs.getString(2)));
                    });
        }
        return result;
    }

    /** Stories without vectors, newest first. */
    List<Pending> pending(int limit) {
        return jdbc.sql("""
                select s.id, s.enriched_locally from story s
                where not exists (select 1 from story_embedding e where e.story_id = s.id)
                order by s.id desc limit ?""")
                .param(limit).query((rs, n) -> new Pending(rs.getLong(1), rs.getBoolean(2))).list();
    }

    /**
     * The text vectors of stories the aggregator labelled with an audience (weight at least {@code minWeight}),
     * the most recent {@code limit} labels, by audience id: what each audience's profile learns from.
     */
    Map<Long, List<float[]>> labelledByAudience(double minWeight, int limit) {
        Map<Long, List<float[]>> result = new HashMap<>();
        jdbc.sql("""
                select a.audience_id, e.text_vector from story_audience a
                join story s on s.id = a.story_id
                join story_embedding e on e.story_id = a.story_id
                where s.enriched_locally = false and a.weight >= ?
                order by a.story_id desc limit ?""")
                .params(minWeight, limit)
                .query((ResultSet rs) -> {
                    result.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(Vectors.decode(rs.getString(2)));
                });
        return result;
    }

    /** Stores a story's vectors; a story embedded meanwhile by another run keeps the vectors it has. */
    void save(long storyId, float[] lede, float[] text, Instant now) {
        jdbc.sql("""
                insert into story_embedding (story_id, model, lede_vector, text_vector, enriched_at)
                select ?, ?, ?, ?, ? where not exists (select 1 from story_embedding where story_id = ?)
                  and exists (select 1 from story where id = ?)""")
                .params(storyId, TextEncoder.MODEL, Vectors.encode(lede), Vectors.encode(text),
                        now.atOffset(ZoneOffset.UTC), storyId, storyId)
                .update();
    }
}
