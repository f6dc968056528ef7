package app.recap.enrichment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The optional LLM's record per story, content and model ({@code story_model_enrichment}): which plain stories it
 * has answered for, so a rerun asks nothing twice. The answer itself lives on the story once it validated.
 */
@Repository
class ModelEnrichments {

    /** What became of a model's answer; calls that failed are not recorded, so a later run may try again. */
    enum Outcome { APPLIED, INVALID }

    /** A plain story the model has not answered for; {@code feedId} null for stories without a feed. */
    record Candidate(long storyId, Long feedId, String title, String summary) {

        String contentHash() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest((title + "\n" + summary).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final JdbcClient jdbc;

    ModelEnrichments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Plain stories without an answer from {@code model}, newest first. With local enrichment on, only stories it
     * has embedded: it writes their TL;DR and audiences once, and would otherwise overwrite the model's.
     */
    List<Candidate> pending(String model, boolean afterLocalEnrichment, int limit) {
        return jdbc.sql("""
                select s.id, s.feed_id, s.title, s.summary from story s
                where s.enriched_locally = true
                  and (? = false or exists (select 1 from story_embedding e where e.story_id = s.id))
                  and not exists (select 1 from story_model_enrichment m where m.story_id = s.id and m.model = ?)
                order by s.id desc limit ?""")
                .params(afterLocalEnrichment, model, limit)
                .query((rs, n) -> new Candidate(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    /** Records an answer; a story recorded meanwhile by another run keeps its row. */
    void record(Candidate story, String model, Outcome outcome, Instant at) {
        jdbc.sql("""
                insert into story_model_enrichment (story_id, content_hash, model, outcome, answered_at)
                select ?, ?, ?, ?, ? where not exists (select 1 from story_model_enrichment
                    where story_id = ? and content_hash = ? and model = ?)""")
                .params(story.storyId(), story.contentHash(), model, outcome.name(), at.atOffset(ZoneOffset.UTC),
                        story.storyId(), story.contentHash(), model)
                .update();
    }

    int count(String model) {
        return jdbc.sql("select count(*) from story_model_enrichment where model = ?").param(model)
                .query(Integer.class).single();
    }
}
