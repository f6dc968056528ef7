package app.recap.subscriber;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.InputStreamSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * Imports subscribers into a list from a CSV file (UTF-8, header {@code email[,name][,audiences]}, audiences as
 * slugs separated by {@code ;}). The file is streamed twice and never held in memory: the first pass only checks
 * that it is CSV with a known header, so a file that is not is refused whole before anything changes; the
 * second upserts by address in batches and records every refused row with its reason.
 *
 * <p>An imported address is subscribed CONFIRMED (the administrator vouches for it); an address that
 * unsubscribed from the list stays unsubscribed, and a suppressed address is stored blocklisted. A non-empty
 * audiences cell replaces the subscriber's audiences on the list; an empty one keeps them.
 *
 * <p>This class checks each row and forms the batches; the parts are {@link ImportFile} (the CSV),
 * {@link ImportAudiences} (slugs to ids), {@link ImportUpsert} (a batch's SQL), {@link ImportHistory} (the
 * record of each import and its report) and {@link SeenAddresses} (duplicates within a file).
 */
@Service
public class SubscriberImport {

    /** The columns an import file may have; {@code email} is required. */
    public static final List<String> COLUMNS = List.of("email", "name", "audiences");
    static final int BATCH_SIZE = 1000;
    private static final int SYNCHRONOUS_PROGRESS_EVERY = 5000;
    private static final int MAX_NAME = 200;
    private static final int MAX_REASON = 300;
    private static final Logger log = LoggerFactory.getLogger(SubscriberImport.class);

    /**
     * What an import did.
     *
     * @param created        subscriptions to the list created: {@code newSubscribers} for addresses new to Recap,
     *                       the rest for known addresses newly added to this list
     * @param updated        rows whose address was already on the list (name and audiences taken from the file)
     */
    public record Result(long importId, long rowsRead, long created, long updated, long rejected, long newSubscribers) {

        /** Addresses Recap knew that this import added to the list. */
        public long addedToList() {
            return created - newSubscribers;
        }
    }

    /**
     * An import as recorded, for its history, its progress and its report. The counts are the import's so far
     * while it is {@link ImportStatus#RUNNING}, its final ones once {@link ImportStatus#DONE}.
     *
     * @param finishedAt null while queued or running
     * @param rowsTotal  the file's data rows, known once the file was checked; null for imports recorded before
     * @param message    why a FAILED or INTERRUPTED import stopped and what to do, for a person; null otherwise
     */
    public record Record(long id, long listId, String fileName, String actor, Instant startedAt, Instant finishedAt,
            long rowsRead, long created, long updated, long rejected, Long newSubscribers, ImportStatus status,
            Long rowsTotal, String message) {

        /** Known addresses newly added to the list; null for imports recorded before the split was kept. */
        public Long addedToList() {
            return newSubscribers == null ? null : created - newSubscribers;
        }

        /** Rows read as a share of the file, 0 to 100; 0 while the total is not known. */
        public int percent() {
            if (status == ImportStatus.DONE) {
                return 100;
            }
            return rowsTotal == null || rowsTotal == 0 ? 0 : (int) Math.min(100, rowsRead * 100 / rowsTotal);
        }
    }

    /**
     * Told after each batch of an import was committed, in the importing thread. It may throw
     * {@link ImportStopped} to end the import there: the batches written so far stay.
     */
    interface Progress {

        Progress NONE = soFar -> {
        };

        void written(Result soFar);
    }

    /** Ends an import between two batches (the server is stopping, or another node marked it interrupted). */
    static final class ImportStopped extends RuntimeException {

        ImportStopped(String message) {
            super(message, null, false, false);
        }
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

    private final TransactionTemplate tx;
    private final Topics topics;
    private final EmailAddresses addresses;
    private final ImportUpsert upsert;
    private final ImportHistory history;
    private final Clock clock;
    private final int writers;

    SubscriberImport(PlatformTransactionManager transactions, Topics topics,
            EmailAddresses addresses, ImportUpsert upsert, ImportHistory history, Clock clock,
            ImportProperties properties) {
        this.writers = properties.writers();
        this.tx = new TransactionTemplate(transactions);
        this.topics = topics;
        this.addresses = addresses;
        this.upsert = upsert;
        this.history = history;
        this.clock = clock;
    }

    /**
     * Imports a file into a list, in the caller's thread: the synchronous core that {@link ImportQueue} runs in the
     * background, also used as is by tools (the import benchmark).
     *
     * @param file read twice (a multipart upload or a file on disk)
     * @throws RefusedException when the file is not UTF-8 CSV with a known header; nothing is changed then
     */
    public Result run(NewsletterList list, InputStreamSource file, String fileName, String actor) throws IOException {
        ImportFile csv = new ImportFile(file);
        int headerSize = csv.check();
        Instant started = clock.instant();
        long importId = history.started(list, fileName, actor, started, csv.dataRows());
        // the counts so far, also the heartbeat that keeps other nodes from taking a long run for a dead one
        Progress recorded = new Progress() {
            private long writtenAt;

            @Override
            public void written(Result soFar) {
                if (soFar.rowsRead() - writtenAt >= SYNCHRONOUS_PROGRESS_EVERY) {
                    history.progress(soFar);
                    writtenAt = soFar.rowsRead();
                }
            }
        };
        return importRows(importId, list, csv, headerSize, started, fileName, actor, recorded);
    }

    /**
     * Imports a file into a list for an import already recorded (by {@link ImportQueue}), telling {@code progress}
     * after every batch written.
     *
     * @throws RefusedException when the file is refused whole; nothing is changed then
     */
    Result run(long importId, NewsletterList list, InputStreamSource file, String fileName, String actor,
            Progress progress) throws IOException {
        ImportFile csv = new ImportFile(file);
        int headerSize = csv.check();
        return importRows(importId, list, csv, headerSize, clock.instant(), fileName, actor, progress);
    }

    /**
     * Checks a file as the import will (UTF-8, CSV to the end, a known header) without changing anything.
     *
     * @return its data rows (after the header)
     * @throws RefusedException saying why it would be refused
     */
    long check(InputStreamSource file) throws IOException {
        ImportFile csv = new ImportFile(file);
        csv.check();
        return csv.dataRows();
    }

    private Result importRows(long importId, NewsletterList list, ImportFile csv, int headerSize, Instant started,
            String fileName, String actor, Progress progress) throws IOException {
        ImportAudiences allowed = ImportAudiences.offeredBy(list, topics);
        Run run = new Run(importId, list, headerSize, allowed, started, progress, csv.dataRows());
        try {
            csv.rows(run::accept);
            run.finish();
        } finally {
            run.close();
        }
        Result result = new Result(importId, run.rowsRead, run.created, run.updated, run.rejected, run.newSubscribers);
        history.finished(result, clock.instant());
        log.info("import {} into list {} file={} rows={} created={} updated={} rejected={} by={}", importId,
                list.slug(), fileName, run.rowsRead, run.created, run.updated, run.rejected, actor);
        return result;
    }

    /** Recent imports, newest first. */
    public List<Record> recent(int limit) {
        return history.recent(limit);
    }

    public Optional<Record> find(long importId) {
        return history.find(importId);
    }

    /** The first {@code limit} rejected rows of an import, in file order. */
    public List<Rejection> rejections(long importId, int limit) {
        return history.rejections(importId, limit);
    }

    /** Writes the rejected rows as CSV ({@code row,email,name,audiences,reason}), safe to open in a spreadsheet. */
    public void writeReport(long importId, Writer out) throws IOException {
        history.writeReport(importId, out);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /**
     * A batch cut from the file, with the counts of the rows read up to its end: what its progress report says once it
     * is committed.
     */
    private record Batch(List<ImportUpsert.Row> rows, List<Rejection> rejections, long rowsRead, long rejected) {
    }

    /** A batch handed to a writer thread, and its outcome. */
    private record Written(Batch batch, Future<ImportUpsert.Counts> counts) {
    }

    /**
     * The second pass over one file: validation state and the current batch. With {@code writers} above 1 a full
     * batch goes to a writer thread and the file is read on while it is written; up to {@code writers} batches are
     * written at once, each in its own transaction. Their addresses never overlap (a repeated address is refused as a
     * duplicate before it reaches a batch), so the order they commit in does not change the outcome. The progress is
     * told in this thread and in file order, each batch once it and every batch before it committed.
     */
    private final class Run implements AutoCloseable {

        private final long importId;
        private final NewsletterList list;
        private final int headerSize;
        private final ImportAudiences allowed;
        private final OffsetDateTime at;
        private final Progress progress;
        private final SeenAddresses seen;
        /** null when batches are written in this thread */
        private final ExecutorService pool;
        private final Deque<Written> inFlight = new ArrayDeque<>();
        /** a batch's write failed: the import ends with its error */
        private boolean failed;
        private List<ImportUpsert.Row> batch = new ArrayList<>(BATCH_SIZE);
        private List<Rejection> rejections = new ArrayList<>();
        long rowsRead;
        long created;
        long updated;
        long newSubscribers;
        long rejected;

        Run(long importId, NewsletterList list, int headerSize, ImportAudiences allowed, Instant started,
                Progress progress, long dataRows) {
            this.importId = importId;
            this.seen = new SeenAddresses(dataRows);
            this.progress = progress;
            this.list = list;
            this.headerSize = headerSize;
            this.allowed = allowed;
            this.at = started.atOffset(ZoneOffset.UTC);
            this.pool = writers == 1 ? null : Executors.newFixedThreadPool(writers, writerThreads(importId));
        }

        void accept(ImportFile.Row record) {
            rowsRead++;
            long row = record.number();
            String email = record.email();
            String name = record.name();
            String audienceCell = record.audiences();
            String problem = null;
            if (record.fields() > headerSize) {
                problem = "row has " + record.fields() + " fields, the header " + headerSize;
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
                ImportAudiences.Resolution resolved = allowed.resolve(audienceCell);
                audienceIds = resolved.ids();
                problem = resolved.problem();
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
                batch.add(new ImportUpsert.Row(row, address, name == null || name.isBlank() ? null : name.strip(),
                        audienceIds));
            }
            if (batch.size() >= BATCH_SIZE || rejections.size() >= BATCH_SIZE) {
                flush();
            }
        }

        /** Hands the current batch to be written (in this thread when there is one writer). */
        void flush() {
            if (batch.isEmpty() && rejections.isEmpty()) {
                return;
            }
            Batch cut = new Batch(batch, rejections, rowsRead, rejected);
            batch = new ArrayList<>(BATCH_SIZE);
            rejections = new ArrayList<>();
            if (pool == null) {
                committed(cut, write(cut));
                return;
            }
            while (inFlight.size() >= writers) {
                awaitOldest();
            }
            inFlight.addLast(new Written(cut, pool.submit(() -> write(cut))));
        }

        /** Writes what is left and waits for every batch in flight. */
        void finish() {
            flush();
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        /**
         * Waits for the batches still in flight when the import ends early, so no writer runs on after the import is
         * recorded as ended. When the progress stopped it, the batches that then commit are told to it too (it
         * stops again, having taken their counts), so the record counts every row written; after a failed batch,
         * the later ones are not, as the rows up to them were not all written.
         */
        @Override
        public void close() {
            if (pool == null) {
                return;
            }
            for (Written written : inFlight) {
                try {
                    ImportUpsert.Counts counts = written.counts().get();
                    if (!failed) {
                        committed(written.batch(), counts);
                    }
                } catch (ImportStopped again) {
                    // expected: the import is stopping
                } catch (ExecutionException | RuntimeException e) {
                    failed = true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            inFlight.clear();
            pool.shutdownNow();
        }

        private void awaitOldest() {
            Written oldest = inFlight.removeFirst();
            ImportUpsert.Counts counts;
            try {
                counts = oldest.counts().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                inFlight.addFirst(oldest); // close() waits for it
                throw new ImportStopped("interrupted while a batch was written");
            } catch (ExecutionException e) {
                failed = true;
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(e.getCause());
            }
            committed(oldest.batch(), counts);
        }

        private void committed(Batch cut, ImportUpsert.Counts counts) {
            created += counts.created();
            updated += counts.updated();
            newSubscribers += counts.newSubscribers();
            progress.written(new Result(importId, cut.rowsRead(), created, updated, cut.rejected(), newSubscribers));
        }

        /** Writes one batch in a transaction of its own, again when it raced a sign-up of one of its addresses. */
        private ImportUpsert.Counts write(Batch cut) {
            for (int attempt = 1;; attempt++) {
                try {
                    return tx.execute(status -> {
                        ImportUpsert.Counts counts = cut.rows().isEmpty() ? new ImportUpsert.Counts(0, 0, 0)
                                : upsert.upsert(list, cut.rows(), at);
                        if (!cut.rejections().isEmpty()) {
                            history.refused(importId, cut.rejections());
                        }
                        return counts;
                    });
                } catch (DuplicateKeyException raced) {
                    // an address of this batch was stored by someone else meanwhile: the transaction rolled back,
                    // so the batch runs again and now finds that address
                    if (attempt == 3) {
                        throw raced;
                    }
                }
            }
        }
    }

    /** Daemon threads named {@code import-<id>-writer-<n>}. */
    private static ThreadFactory writerThreads(long importId) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("import-" + importId + "-writer-");
        threads.setDaemon(true);
        return threads;
    }
}
