package app.recap.edition;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * An editor's choices for an edition ({@link Steering}): pins, drops, the editor's note and the subject. Every
 * change is refused once the edition's content is frozen (deliveries prepared, being sent or sent): the change
 * first takes the edition's row lock and checks its status, and the send's freeze updates that row, so a change
 * either lands before the freeze or is refused after it, never half-way through a send.
 */
@Repository
public class EditionSteering {

    private final JdbcClient jdbc;
    private final EditionRepository editions;
    private final Clock clock;

    EditionSteering(JdbcClient jdbc, EditionRepository editions, Clock clock) {
        this.jdbc = jdbc;
        this.editions = editions;
        this.clock = clock;
    }

    /** The edition was frozen before the change could be made. */
    public static final class Frozen extends RuntimeException {

        Frozen(long editionId) {
            super("edition " + editionId + " is being sent or was sent; its content can no longer change");
        }
    }

    public Steering of(long editionId) {
        List<Steering.Pick> picks = jdbc.sql("""
                select story_id, action, audience_id, created_by from edition_pick where edition_id = ?
                order by created_at, story_id""").param(editionId)
                .query((rs, n) -> new Steering.Pick(rs.getLong(1), Steering.Action.valueOf(rs.getString(2)),
                        rs.getObject(3, Long.class), rs.getString(4)))
                .list();
        return jdbc.sql("select note_markdown, subject from edition_editorial where edition_id = ?").param(editionId)
                .query((rs, n) -> new Steering(picks, rs.getString(1), rs.getString(2))).optional()
                .orElse(new Steering(picks, null, null));
    }

    /** Pins a story to the top of the lead section ({@code audienceId} null) or of that audience's section. */
    @Transactional
    public void pin(long editionId, long storyId, Long audienceId, String by) {
        replacePick(editionId, storyId, Steering.Action.PIN, audienceId, by);
    }

    /** Leaves a story out of the edition. */
    @Transactional
    public void drop(long editionId, long storyId, String by) {
        replacePick(editionId, storyId, Steering.Action.DROP, null, by);
    }

    /** Undoes a pin or a drop: the story goes back to where the ranking put it. */
    @Transactional
    public boolean clear(long editionId, long storyId) {
        lockOpen(editionId);
        return jdbc.sql("delete from edition_pick where edition_id = ? and story_id = ?").params(editionId, storyId)
                .update() > 0;
    }

    /**
     * Sets the editor's note and the subject override, each null or blank for none.
     *
     * @throws IllegalArgumentException when the note or the subject is too long
     */
    @Transactional
    public void setEditorial(long editionId, String noteMarkdown, String subject) {
        String note = blankToNull(noteMarkdown);
        String line = blankToNull(subject);
        if (note != null && note.length() > EditorNote.MAX_LENGTH) {
            throw new IllegalArgumentException("the editor's note holds at most " + EditorNote.MAX_LENGTH
                    + " characters");
        }
        if (line != null && (line.length() > 200 || line.contains("\n") || line.contains("\r"))) {
            throw new IllegalArgumentException("the subject is one line of at most 200 characters");
        }
        lockOpen(editionId);
        jdbc.sql("delete from edition_editorial where edition_id = ?").param(editionId).update();
        if (note != null || line != null) {
            jdbc.sql("insert into edition_editorial (edition_id, note_markdown, subject, updated_at) values (?, ?, ?, ?)")
                    .params(editionId, note, line, clock.instant().atOffset(ZoneOffset.UTC)).update();
        }
    }

    private void replacePick(long editionId, long storyId, Steering.Action action, Long audienceId, String by) {
        lockOpen(editionId);
        jdbc.sql("delete from edition_pick where edition_id = ? and story_id = ?").params(editionId, storyId).update();
        jdbc.sql("""
                insert into edition_pick (edition_id, story_id, action, audience_id, created_by, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(editionId, storyId, action.name(), audienceId, by, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
    }

    /** Takes the edition's row lock when its content may still change (see {@link EditionRepository#lockOpen}). */
    private void lockOpen(long editionId) {
        if (!editions.lockOpen(editionId)) {
            throw new Frozen(editionId);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
