package app.recap.subscriber;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.audience.AudienceRepository;

/**
 * Imports subscribers into a list from a CSV file (UTF-8, header {@code email[,name][,audiences]}, audiences as
 * slugs separated by {@code ;}). The file is streamed twice and never held in memory: the first pass only checks
 * that it is CSV with a known header, so a file that is not is refused whole before anything changes; the
 * second upserts by address in batches and records every refused row with its reason.
 *
 * <p>An imported address is subscribed CONFIRMED (the administrator vouches for it); an address that
 * unsubscribed from the list stays unsubscribed, and a suppressed address is stored blocklisted. A non-empty
 * audiences cell replaces the subscriber's audiences on the list; an empty one keeps them.
 */
@Service
public class SubscriberImport {

    /** The columns an import file may have; {@code email} is required. */
    public static final List<String> COLUMNS = List.of("email", "name", "audiences");
    static final int BATCH_SIZE = 1000;
    private static final int MAX_NAME = 200;
    private static final int MAX_REASON = 300;
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).get();
    private static final Logger log = LoggerFactory.getLogger(SubscriberImport.class);

    /** What an import did. */
    public record Result(long importId, long rowsRead, long created, long updated, long rejected) {
    }

    /** An import as recorded, for its history and report. */
    public record Record(long id, long listId, String fileName, String actor, Instant startedAt, Instant finishedAt,
            long rowsRead, long created, long updated, long rejected) {
    }

    /** A rejected row: its number in the file (the header is row 1), what it held and why it was refused. */
    public record Rejection(long row, String email, String name, String audiences, String reason) {
    }

    /** The whole file was refused; nothing changed. The message says why, for the person who uploaded it. */
    public static class RefusedException extends RuntimeException {

        RefusedException(String message) {
            super(message);
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate tx;
    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final Suppressions suppressions;
    private final EmailAddresses addresses;
    private final Clock clock;

    SubscriberImport(JdbcClient jdbc, JdbcTemplate template, PlatformTransactionManager transactions,
            ListRepository lists, AudienceRepository audiences, Suppressions suppressions, EmailAddresses addresses,
            Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.tx = new TransactionTemplate(transactions);
        this.lists = lists;
        this.audiences = audiences;
        this.suppressions = suppressions;
        this.addresses = addresses;
        this.clock = clock;
    }

    /**
     * Imports a file into a list.
     *
     * @param file read twice (a multipart upload or a file on disk)
     * @throws RefusedException when the file is not UTF-8 CSV with a known header; nothing is changed then
     */
    public Result run(NewsletterList list, InputStreamSource file, String fileName, String actor) throws IOException {
        int[] columns = check(file);
        Map<String, Long> audienceBySlug = allowedAudiences(list);
        Instant started = clock.instant();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into subscriber_import (list_id, file_name, actor, started_at) values (?, ?, ?, ?)")
                .params(list.id(), truncate(fileName, 300), actor, started.atOffset(ZoneOffset.UTC)).update(keys, "id");
        long importId = keys.getKey().longValue();
        Run run = new Run(importId, list, columns, audienceBySlug, started);
        try (Reader reader = reader(file.getInputStream()); CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            records.next(); // the header, checked in the first pass
            while (records.hasNext()) {
                run.accept(records.next());
            }
            run.flush();
        }
        Instant finished = clock.instant();
        jdbc.sql("""
                update subscriber_import set finished_at = ?, rows_read = ?, created_count = ?, updated_count = ?,
                    rejected_count = ? where id = ?""")
                .params(finished.atOffset(ZoneOffset.UTC), run.rowsRead, run.created, run.updated, run.rejected,
                        importId)
                .update();
        log.info("import {} into list {} file={} rows={} created={} updated={} rejected={} by={}", importId,
                list.slug(), fileName, run.rowsRead, run.created, run.updated, run.rejected, actor);
        return new Result(importId, run.rowsRead, run.created, run.updated, run.rejected);
    }

    /** Recent imports, newest first. */
    public List<Record> recent(int limit) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from subscriber_import order by id desc fetch first "
                + limit + " rows only").query(SubscriberImport::record).list();
    }

    public Optional<Record> find(long importId) {
        return jdbc.sql("select " + RECORD_COLUMNS + " from subscriber_import where id = ?").param(importId)
                .query(SubscriberImport::record).optional();
    }

    /** The first {@code limit} rejected rows of an import, in file order. */
    public List<Rejection> rejections(long importId, int limit) {
        return jdbc.sql("""
                select line_number, email, name, audiences, reason from subscriber_import_rejection
                where import_id = ? order by line_number fetch first %d rows only""".formatted(limit))
                .param(importId)
                .query((rs, n) -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .list();
    }

    /** Writes the rejected rows as CSV ({@code row,email,name,audiences,reason}), safe to open in a spreadsheet. */
    public void writeReport(long importId, Writer out) throws IOException {
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

    /**
     * First pass: the file must be UTF-8 text, parse as CSV to the end, and start with a header naming known
     * columns including {@code email}.
     *
     * @return for each of {@link #COLUMNS}, its index in the file, or -1
     */
    private int[] check(InputStreamSource file) throws IOException {
        try (Reader reader = reader(file.getInputStream()); CSVParser parser = FORMAT.parse(reader)) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw new RefusedException("The file is empty. Expected a header row: " + String.join(",", COLUMNS));
            }
            int[] columns = header(records.next());
            while (records.hasNext()) {
                CSVRecord record = records.next();
                for (String value : record) {
                    if (value.indexOf('\0') >= 0) {
                        throw new RefusedException("The file contains binary data on row " + record.getRecordNumber()
                                + "; it is not a CSV file. Nothing was imported.");
                    }
                }
            }
            return columns;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new RefusedException("The file is not UTF-8 text (is it a spreadsheet? Save it as CSV UTF-8). "
                        + "Nothing was imported.");
            }
            throw new RefusedException("The file is not valid CSV: " + e.getCause().getMessage()
                    + ". Nothing was imported.");
        } catch (CharacterCodingException e) {
            throw new RefusedException("The file is not UTF-8 text (is it a spreadsheet? Save it as CSV UTF-8). "
                    + "Nothing was imported.");
        }
    }

    private static int[] header(CSVRecord header) {
        int[] columns = new int[COLUMNS.size()];
        Arrays.fill(columns, -1);
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            int known = COLUMNS.indexOf(name);
            if (known < 0) {
                throw new RefusedException("Unknown column \"" + truncate(header.get(i), 40) + "\" in the header. "
                        + "Expected the header " + String.join(",", COLUMNS) + " (email required). Nothing was imported.");
            }
            if (columns[known] >= 0) {
                throw new RefusedException("The column \"" + name + "\" appears twice in the header. Nothing was imported.");
            }
            columns[known] = i;
        }
        if (columns[0] < 0) {
            throw new RefusedException("The header has no \"email\" column. Expected the header "
                    + String.join(",", COLUMNS) + ". Nothing was imported.");
        }
        return columns;
    }

    /** Slug to id of the audiences a row may name: the list's offer, or the whole catalogue if it offers none. */
    private Map<String, Long> allowedAudiences(NewsletterList list) {
        List<Long> offered = lists.offeredAudienceIds(list.id());
        Map<String, Long> bySlug = audiences.idsBySlug();
        if (!offered.isEmpty()) {
            bySlug.values().retainAll(offered);
        }
        return bySlug;
    }

    private static Reader reader(InputStream in) {
        // strict decoding: a spreadsheet or an image fails here instead of importing garbage
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(in, decoder), 64 * 1024);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static final String RECORD_COLUMNS = """
            id, list_id, file_name, actor, started_at, finished_at, rows_read, created_count, updated_count,
            rejected_count""";

    private static Record record(ResultSet rs, int n) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new Record(rs.getLong("id"), rs.getLong("list_id"), rs.getString("file_name"), rs.getString("actor"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant(), rs.getLong("rows_read"), rs.getLong("created_count"),
                rs.getLong("updated_count"), rs.getLong("rejected_count"));
    }

    /** A valid row waiting for its batch. {@code audienceIds} is null when the row leaves audiences as they are. */
    private record Row(long row, String email, String name, List<Long> audienceIds) {
    }

    /** The second pass over one file: validation state and the current batch. */
    private final class Run {

        private final long importId;
        private final NewsletterList list;
        private final int[] columns;
        private final int headerSize;
        private final Map<String, Long> audienceBySlug;
        private final OffsetDateTime at;
        private final SeenAddresses seen = new SeenAddresses();
        private final List<Row> batch = new ArrayList<>(BATCH_SIZE);
        private final List<Rejection> rejections = new ArrayList<>();
        long rowsRead;
        long created;
        long updated;
        long rejected;

        Run(long importId, NewsletterList list, int[] columns, Map<String, Long> audienceBySlug, Instant started) {
            this.importId = importId;
            this.list = list;
            this.columns = columns;
            // every header field is a known column (the first pass refused anything else)
            this.headerSize = (int) Arrays.stream(columns).filter(c -> c >= 0).count();
            this.audienceBySlug = audienceBySlug;
            this.at = started.atOffset(ZoneOffset.UTC);
        }

        void accept(CSVRecord record) {
            rowsRead++;
            long row = record.getRecordNumber();
            String email = cell(record, 0);
            String name = cell(record, 1);
            String audienceCell = cell(record, 2);
            String problem = null;
            if (record.size() > headerSize) {
                problem = "row has " + record.size() + " fields, the header " + headerSize;
            }
            String address = email == null ? null : SubscriberRepository.normaliseEmail(email);
            if (problem == null) {
                problem = addresses.problem(address);
            }
            if (problem == null && name != null && name.length() > MAX_NAME) {
                problem = "name is longer than " + MAX_NAME + " characters";
            }
            List<Long> audienceIds = null;
            if (problem == null && audienceCell != null && !audienceCell.isBlank()) {
                audienceIds = new ArrayList<>();
                for (String slug : audienceCell.split("[;|]")) {
                    String s = slug.strip().toLowerCase(Locale.ROOT);
                    if (s.isEmpty()) {
                        continue;
                    }
                    Long id = audienceBySlug.get(s);
                    if (id == null) {
                        problem = "unknown audience \"" + truncate(slug.strip(), 80) + "\"";
                        break;
                    }
                    if (!audienceIds.contains(id)) {
                        audienceIds.add(id);
                    }
                }
            }
            if (problem == null) {
                long firstRow = seen.putIfAbsent(address, row);
                if (firstRow >= 0) {
                    problem = "duplicate of row " + firstRow;
                }
            }
            if (problem != null) {
                rejected++;
                rejections.add(new Rejection(row, truncate(email, 400), truncate(name, 400), truncate(audienceCell, 400),
                        truncate(problem, MAX_REASON)));
            } else {
                batch.add(new Row(row, address, name == null || name.isBlank() ? null : name.strip(), audienceIds));
            }
            if (batch.size() >= BATCH_SIZE || rejections.size() >= BATCH_SIZE) {
                flush();
            }
        }

        private String cell(CSVRecord record, int column) {
            int index = columns[column];
            return index < 0 || index >= record.size() ? null : record.get(index).strip();
        }

        void flush() {
            if (batch.isEmpty() && rejections.isEmpty()) {
                return;
            }
            long createdBefore = created;
            long updatedBefore = updated;
            for (int attempt = 1;; attempt++) {
                try {
                    write();
                    break;
                } catch (DuplicateKeyException raced) {
                    // an address of this batch was stored by someone else meanwhile: the transaction rolled back,
                    // so the batch runs again and now finds that address
                    created = createdBefore;
                    updated = updatedBefore;
                    if (attempt == 3) {
                        throw raced;
                    }
                }
            }
            batch.clear();
            rejections.clear();
        }

        private void write() {
            tx.executeWithoutResult(status -> {
                if (!batch.isEmpty()) {
                    upsert(batch);
                }
                if (!rejections.isEmpty()) {
                    template.batchUpdate("""
                            insert into subscriber_import_rejection (import_id, line_number, email, name, audiences, reason)
                            values (?, ?, ?, ?, ?, ?)""",
                            rejections.stream().map(r -> new Object[] {importId, r.row(), r.email(), r.name(),
                                    r.audiences(), r.reason()}).toList());
                }
            });
        }

        private void upsert(List<Row> rows) {
            List<String> emails = rows.stream().map(Row::email).toList();
            Map<String, long[]> existing = ids(emails);
            Set<String> fresh = emails.stream().filter(e -> !existing.containsKey(e))
                    .collect(Collectors.toCollection(LinkedHashSet::new));
            if (!fresh.isEmpty()) {
                Set<String> suppressed = suppressions.suppressedAmong(fresh);
                Map<String, String> names = rows.stream().filter(r -> r.name() != null)
                        .collect(Collectors.toMap(Row::email, Row::name));
                List<Object[]> inserts = fresh.stream().map(e -> new Object[] {e, names.get(e),
                        suppressed.contains(e) ? "BLOCKLISTED" : "ENABLED", at}).toList();
                // a plain insert: the addresses were just looked up in this transaction; one that signed up
                // meanwhile fails the batch with DuplicateKeyException and flush() runs the batch again
                template.batchUpdate("insert into subscriber (email, name, status, created_at) values (?, ?, ?, ?)",
                        inserts);
                existing.putAll(ids(List.copyOf(fresh)));
            }
            List<Object[]> renames = new ArrayList<>();
            for (Row r : rows) {
                if (r.name() != null && !fresh.contains(r.email())) {
                    renames.add(new Object[] {r.name(), existing.get(r.email())[0], r.name()});
                }
            }
            if (!renames.isEmpty()) {
                template.batchUpdate("update subscriber set name = ? where id = ? and (name is null or name <> ?)", renames);
            }

            List<Long> subscriberIds = rows.stream().map(r -> existing.get(r.email())[0]).toList();
            Map<Long, String> statusById = new HashMap<>();
            // by subscriber only: with "list_id = ?" as well, H2 walks the list's whole index range instead
            jdbc.sql("select subscriber_id, list_id, status from subscription where subscriber_id in (:ids)")
                    .param("ids", subscriberIds)
                    .query((ResultSet rs) -> {
                        if (rs.getLong(2) == list.id()) {
                            statusById.put(rs.getLong(1), rs.getString(3));
                        }
                    });
            List<Object[]> newSubscriptions = new ArrayList<>();
            List<Object[]> confirmations = new ArrayList<>();
            List<Object[]> audienceRows = new ArrayList<>();
            List<Object[]> audienceKeys = new ArrayList<>();
            List<Long> replacedAudiences = new ArrayList<>();
            for (Row r : rows) {
                long id = existing.get(r.email())[0];
                String status = statusById.get(id);
                String key = r.audienceIds() == null ? "" : r.audienceIds().stream().map(String::valueOf)
                        .collect(Collectors.joining(","));
                if (status == null) {
                    newSubscriptions.add(new Object[] {id, list.id(), key, at, at});
                    created++;
                } else {
                    if ("UNCONFIRMED".equals(status)) {
                        confirmations.add(new Object[] {at, id, list.id()});
                    }
                    updated++;
                    if (r.audienceIds() != null) {
                        replacedAudiences.add(id);
                        audienceKeys.add(new Object[] {key, id, list.id()});
                    }
                }
                if (r.audienceIds() != null) {
                    int order = 0;
                    for (Long audienceId : r.audienceIds()) {
                        audienceRows.add(new Object[] {id, list.id(), audienceId, order++});
                    }
                }
            }
            if (!newSubscriptions.isEmpty()) {
                template.batchUpdate("""
                        insert into subscription (subscriber_id, list_id, status, audience_key, created_at, updated_at)
                        values (?, ?, 'CONFIRMED', ?, ?, ?)""", newSubscriptions);
            }
            if (!confirmations.isEmpty()) {
                template.batchUpdate("""
                        update subscription set status = 'CONFIRMED', updated_at = ?
                        where subscriber_id = ? and list_id = ? and status = 'UNCONFIRMED'""", confirmations);
            }
            if (!replacedAudiences.isEmpty()) {
                jdbc.sql("delete from subscription_audience where subscriber_id in (:ids) and list_id = :list")
                        .param("ids", replacedAudiences).param("list", list.id()).update();
                template.batchUpdate("update subscription set audience_key = ? where subscriber_id = ? and list_id = ?",
                        audienceKeys);
            }
            if (!audienceRows.isEmpty()) {
                template.batchUpdate("""
                        insert into subscription_audience (subscriber_id, list_id, audience_id, sort_order)
                        values (?, ?, ?, ?)""", audienceRows);
            }
        }

        /** Address to {id} for the addresses already stored. */
        private Map<String, long[]> ids(List<String> emails) {
            Map<String, long[]> ids = new HashMap<>();
            jdbc.sql("select id, email from subscriber where email in (:emails)").param("emails", emails)
                    .query((ResultSet rs) -> {
                        ids.put(rs.getString(2), new long[] {rs.getLong(1)});
                    });
            return ids;
        }
    }

    /**
     * The addresses seen so far in a file, kept as 64-bit hashes with the row they were on (12 bytes an address
     * instead of the address itself), so a million-row file needs a few megabytes. Two different addresses
     * sharing a hash (about one chance in ten million for a million rows) would be reported as a duplicate.
     */
    static final class SeenAddresses {

        private long[] keys = new long[1 << 12];
        private long[] rows = new long[1 << 12];
        private int size;

        /** Records the address on a row; returns the row it was first seen on, or -1 if it is new. */
        long putIfAbsent(String address, long row) {
            if (size * 2 >= keys.length) {
                grow();
            }
            long key = hash(address);
            int mask = keys.length - 1;
            int slot = (int) (key ^ (key >>> 32)) & mask;
            while (keys[slot] != 0) {
                if (keys[slot] == key) {
                    return rows[slot];
                }
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            rows[slot] = row;
            size++;
            return -1;
        }

        private void grow() {
            long[] oldKeys = keys;
            long[] oldRows = rows;
            keys = new long[oldKeys.length * 2];
            rows = new long[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != 0) {
                    int slot = (int) (oldKeys[i] ^ (oldKeys[i] >>> 32)) & mask;
                    while (keys[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    keys[slot] = oldKeys[i];
                    rows[slot] = oldRows[i];
                }
            }
        }

        /** FNV-1a over the characters, then MurmurHash3's finaliser; never 0 (0 marks an empty slot). */
        static long hash(String s) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < s.length(); i++) {
                h ^= s.charAt(i);
                h *= 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb53a9ed7a5ccL;
            h ^= h >>> 33;
            return h == 0 ? 1 : h;
        }
    }
}
