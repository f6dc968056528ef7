package app.recap.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.edition.IsoWeek;

/**
 * Scheduled sends an admin called off: the {@link EditionScheduler} does not start the first run of a cancelled
 * (list, week), whatever the edition's state. Only the schedule is held back: a send started by hand goes out, and
 * its later time-zone slots follow as usual. Deciding whether a cancellation makes sense (the send still ahead,
 * nothing sent yet) is the caller's.
 */
@Component
public class SendCancellations {

    /** Who called off a week's scheduled send, and when. */
    public record Cancellation(String by, Instant at) {
    }

    private final JdbcClient jdbc;

    SendCancellations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when the week's send was already cancelled (the first cancellation is kept) */
    public boolean cancel(long listId, IsoWeek week, String by, Instant at) {
        try {
            return jdbc.sql("""
                    insert into send_cancellation (list_id, iso_week, cancelled_by, cancelled_at) values (?, ?, ?, ?)""")
                    .params(listId, week.toString(), by, at.atOffset(ZoneOffset.UTC)).update() > 0;
        } catch (DuplicateKeyException already) {
            return false;
        }
    }

    /** Puts the week's send back on the schedule. @return false when it was not cancelled */
    public boolean restore(long listId, IsoWeek week) {
        return jdbc.sql("delete from send_cancellation where list_id = ? and iso_week = ?")
                .params(listId, week.toString()).update() > 0;
    }

    /** The week's cancellation, empty when the schedule sends it as usual. */
    public Optional<Cancellation> of(long listId, IsoWeek week) {
        return jdbc.sql("select cancelled_by, cancelled_at from send_cancellation where list_id = ? and iso_week = ?")
                .params(listId, week.toString())
                .query((rs, n) -> new Cancellation(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .optional();
    }
}
