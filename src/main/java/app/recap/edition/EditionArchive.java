package app.recap.edition;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The editions a list has sent, for its public archive. Only SENT editions are in it. */
@Repository
public class EditionArchive {

    /** One sent edition; {@code sentAt} is when sending finished. */
    public record ArchivedEdition(long editionId, IsoWeek week, int storyCount, Instant sentAt) {
    }

    private static final String SELECT = """
            select id, iso_week, story_count, updated_at from edition
            where list_id = ? and status = 'SENT'""";

    private final JdbcClient jdbc;

    EditionArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Sent editions, newest week first, at most {@code limit}. */
    public List<ArchivedEdition> sent(long listId, int limit) {
        return jdbc.sql(SELECT + " order by iso_week desc").param(listId)
                .query((rs, n) -> map(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .list().stream().limit(limit).toList();
    }

    /** The list's edition of a week, if it was sent. */
    public Optional<ArchivedEdition> sent(long listId, IsoWeek week) {
        return jdbc.sql(SELECT + " and iso_week = ?").params(listId, week.toString())
                .query((rs, n) -> map(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .optional();
    }

    private static ArchivedEdition map(long id, String week, int stories, OffsetDateTime sentAt) {
        return new ArchivedEdition(id, IsoWeek.parse(week), stories, sentAt.toInstant());
    }
}
