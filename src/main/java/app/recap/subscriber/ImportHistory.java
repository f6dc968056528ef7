package app.recap.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import app.recap.subscriber.SubscriberImport.Rejection;

/** Each import as recorded (who, which file, the counts) and the rows it refused: its history and report. */
@Repository
class ImportHistory {

    private static final String RECORD_COLUMNS = """
            id, list_id, file_name, actor, started_at, finished_at, rows_read, created_count, updated_count,
            rejected_count, new_subscriber_count""";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ImportHistory(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Records an import as started; returns its id. */
    long started(NewsletterList list, String fileName, String actor, Instant at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into subscriber_import (list_id, file_name, actor, started_at) values (?, ?, ?, ?)")
                .params(list.id(), SubscriberImport.truncate(fileName, 300), actor, at.atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void finished(SubscriberImport.Result result, Instant at) {
        jdbc.sql("""
                update subscriber_import set finished_at = ?, rows_read = ?, created_count = ?, updated_count = ?,
                    rejected_count = ?, new_subscriber_count = ? where id = ?""")
                .params(at.atOffset(ZoneOffset.UTC), result.rowsRead(), result.created(), result.updated(),
                        result.rejected(), result.newSubscribers(), result.importId())
                .update();
    }

    /** Stores refused rows, in the caller's transaction (the batch they were refused from). */
    void refused(long importId, List<Rejection> rejections) {
        template.batchUpdate("""
                insert into subscriber_import_rejection (import_id, line_number, email, name, audiences, reason)
                values (?, ?, ?, ?, ?, ?)""",
                rejections.stream().map(r -> new Object[] {importId, r.row(), r.email(), r.name(), r.audiences(),
                        r.reason()}).toList());
    }

    List<SubscriberImport.Record> recent(int limit) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from subscriber_import order by id desc fetch first "
                + limit + " rows only").query(ImportHistory::record).list();
    }

    Optional<SubscriberImport.Record> find(long importId) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from subscriber_import where id = ?").param(importId)
                .query(ImportHistory::record).optional();
    }

    List<Rejection> rejections(long importId, int limit) {
        return jdbc.sql("""
                select line_number, email, name, audiences, reason from subscriber_import_rejection
                where import_id = ? order by line_number fetch first %d rows only""".formatted(limit))
                .param(importId)
                .query((rs, n) -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    void writeReport(long importId, Writer out) throws IOException {
        // not closed: the caller owns the writer (a response stream, say)
        CSVPrinter printer = CSVFormat.DEFAULT.builder().setHeader("row", "email", "name", "audiences", "reason")
                .get().print(out);
        jdbc.sql("""
                select line_number, email, name, audiences, reason from subscriber_import_rejection
                where import_id = ? order by line_number""").param(importId)
                .query((ResultSet rs) -> {
                    try {
                        printer.printRecord(rs.getLong(1), SpreadsheetCells.safe(rs.getString(2)),
                                SpreadsheetCells.safe(rs.getString(3)), SpreadsheetCells.safe(rs.getString(4)),
                                SpreadsheetCells.safe(rs.getString(5)));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        printer.flush();
    }

    private static SubscriberImport.Record record(ResultSet rs, int n) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new SubscriberImport.Record(rs.getLong("id"), rs.getLong("list_id"), rs.getString("file_name"),
                rs.getString("actor"), rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(), rs.getLong("rows_read"), rs.getLong("created_count"),
                rs.getLong("updated_count"), rs.getLong("rejected_count"),
                rs.getObject("new_subscriber_count") == null ? null : rs.getLong("new_subscriber_count"));
    }
}
