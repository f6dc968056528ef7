package app.recap.subscriber;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
            rejected_count, new_subscriber_count, status, rows_total, message""";
    private static final String ACTIVE = "status in ('QUEUED', 'RUNNING')";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ImportHistory(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Records an import as started in the caller's thread (RUNNING, no node); returns its id. */
    long started(NewsletterList list, String fileName, String actor, Instant at, long rowsTotal) {
        return insert(list, fileName, actor, at, rowsTotal, ImportStatus.RUNNING, null);
    }

    /** Records an import as QUEUED on {@code node}, its heartbeat now (the database's clock); returns its id. */
    long queued(NewsletterList list, String fileName, String actor, Instant at, long rowsTotal, String node) {
        return insert(list, fileName, actor, at, rowsTotal, ImportStatus.QUEUED, node);
    }

    private long insert(NewsletterList list, String fileName, String actor, Instant at, long rowsTotal,
            ImportStatus status, String node) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into subscriber_import (list_id, file_name, actor, started_at, status, rows_total, node,
                    heartbeat_at, new_subscriber_count) values (?, ?, ?, ?, ?, ?, ?, current_timestamp, 0)""")
                .params(list.id(), SubscriberImport.truncate(fileName, 300), actor, at.atOffset(ZoneOffset.UTC),
                        status.name(), rowsTotal, node)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** An import no thread took: gone as if never submitted (it changed nothing). */
    void forget(long importId) {
        jdbc.sql("delete from subscriber_import where id = ? and status = 'QUEUED'").param(importId).update();
    }

    /** QUEUED to RUNNING; false when it is no longer queued (marked interrupted meanwhile). */
    boolean running(long importId) {
        return jdbc.sql("""
                update subscriber_import set status = 'RUNNING', heartbeat_at = current_timestamp
                where id = ? and status = 'QUEUED'""").param(importId).update() == 1;
    }

    /** The counts so far, and a heartbeat; false when the import is no longer RUNNING (another node said so). */
    boolean progress(SubscriberImport.Result soFar) {
        return jdbc.sql("""
                update subscriber_import set rows_read = ?, created_count = ?, updated_count = ?, rejected_count = ?,
                    new_subscriber_count = ?, heartbeat_at = current_timestamp where id = ? and status = 'RUNNING'""")
                .params(soFar.rowsRead(), soFar.created(), soFar.updated(), soFar.rejected(), soFar.newSubscribers(),
                        soFar.importId())
                .update() == 1;
    }

    void finished(SubscriberImport.Result result, Instant at) {
        jdbc.sql("""
                update subscriber_import set status = 'DONE', message = null, finished_at = ?, rows_read = ?,
                    created_count = ?, updated_count = ?, rejected_count = ?, new_subscriber_count = ?,
                    heartbeat_at = current_timestamp where id = ?""")
                .params(at.atOffset(ZoneOffset.UTC), result.rowsRead(), result.created(), result.updated(),
                        result.rejected(), result.newSubscribers(), result.importId())
                .update();
    }

    /** Ends an import FAILED or INTERRUPTED with a message for a person; the counts stay as last recorded. */
    void ended(long importId, ImportStatus status, String message, Instant at) {
        jdbc.sql("update subscriber_import set status = ?, message = ?, finished_at = ? where id = ?")
                .params(status.name(), SubscriberImport.truncate(message, 1000), at.atOffset(ZoneOffset.UTC), importId)
                .update();
    }

    /** Renews the heartbeat of every import {@code node} has queued or running. */
    void heartbeat(String node) {
        jdbc.sql("update subscriber_import set heartbeat_at = current_timestamp where node = ? and " + ACTIVE)
                .param(node).update();
    }

    /**
     * An import queued or running that its node no longer seems to be working on.
     *
     * @param staleBefore the heartbeat it must still be older than to be marked interrupted; null for one of this
     *                    node's own
     */
    record Abandoned(long id, long rowsRead, String node, OffsetDateTime staleBefore) {
    }

    /**
     * Imports queued or running whose heartbeat is older than {@code staleAfter} by the database's clock (the
     * nodes' clocks need not agree).
     */
    List<Abandoned> stale(Duration staleAfter) {
        OffsetDateTime before = jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single()
                .minus(staleAfter);
        return jdbc.sql("select id, rows_read, node from subscriber_import where " + ACTIVE
                + " and (heartbeat_at is null or heartbeat_at < ?) order by id").param(before)
                .query((rs, n) -> new Abandoned(rs.getLong(1), rs.getLong(2), rs.getString(3), before)).list();
    }

    /** Marks an import INTERRUPTED unless it ended, or its node showed life since it was found stale. */
    boolean interrupt(Abandoned found, String message, Instant at) {
        return jdbc.sql("update subscriber_import set status = 'INTERRUPTED', message = ?, finished_at = ? where id = ?"
                + " and " + ACTIVE + (found.staleBefore() == null ? "" : " and (heartbeat_at is null or heartbeat_at < ?)"))
                .params(found.staleBefore() == null
                        ? List.of(SubscriberImport.truncate(message, 1000), at.atOffset(ZoneOffset.UTC), found.id())
                        : List.of(SubscriberImport.truncate(message, 1000), at.atOffset(ZoneOffset.UTC), found.id(),
                                found.staleBefore()))
                .update() == 1;
    }

    /**
     * The final counts of an import stopped between batches, which an interruption usually recorded before they
     * were; marks it INTERRUPTED itself when the import stopped before the stopping node got to mark it.
     */
    void stoppedAt(SubscriberImport.Result soFar, String message, Instant at) {
        jdbc.sql("""
                update subscriber_import set status = 'INTERRUPTED', finished_at = coalesce(finished_at, ?),
                    rows_read = ?, created_count = ?, updated_count = ?, rejected_count = ?, new_subscriber_count = ?,
                    message = ? where id = ? and (status = 'INTERRUPTED' or\s""" + ACTIVE + ")")
                .params(at.atOffset(ZoneOffset.UTC), soFar.rowsRead(), soFar.created(), soFar.updated(),
                        soFar.rejected(), soFar.newSubscribers(), SubscriberImport.truncate(message, 1000),
                        soFar.importId())
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
                rs.getObject("new_subscriber_count") == null ? null : rs.getLong("new_subscriber_count"),
                ImportStatus.valueOf(rs.getString("status")),
                rs.getObject("rows_total") == null ? null : rs.getLong("rows_total"), rs.getString("message"));
    }
}
