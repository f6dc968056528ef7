package app.recap.subscriber;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The import reports' part of a subscriber's data export and erasure: rows of imported files that were refused
 * keep what the row held, address and name included, and are found by address (a refused row made no
 * subscriber). Erasure deletes them; the import's counts stay.
 */
@Component
class ImportPersonalData implements PersonalData {

    /** One refused import row holding the subscriber's address. */
    record RefusedRow(long importId, long row, String email, String name, String audiences, String reason) {
    }

    private final JdbcClient jdbc;

    ImportPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "importRejections";
    }

    @Override
    public List<RefusedRow> export(long subscriberId) {
        return jdbc.sql("""
                select r.import_id, r.line_number, r.email, r.name, r.audiences, r.reason
                from subscriber_import_rejection r join subscriber u on lower(r.email) = u.email
                where u.id = ? order by r.import_id, r.line_number""")
                .param(subscriberId)
                .query((rs, n) -> new RefusedRow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)))
                .list();
    }

    @Override
    public void erase(Erasure erasure) {
        // stored as the file had it (stripped, any case), so compared in lower case
        jdbc.sql("delete from subscriber_import_rejection where lower(email) = ?").param(erasure.email()).update();
    }
}
