package app.recap.subscriber;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Service;

import app.recap.subscriber.SubscriberImport.ImportStopped;
import app.recap.subscriber.SubscriberImport.RefusedException;
import app.recap.subscriber.SubscriberImport.Result;

/**
 * Runs imports in the background: {@link #submit} stores the upload in the spool directory (streamed, never held
 * in memory), checks it, records it QUEUED and returns; a bounded pool ({@code recap.imports.concurrency}) imports
 * it, writing its progress to its record every {@code recap.imports.progress-every} rows, so any node can show it.
 *
 * <p>A node that dies mid-import cannot say so, and on a cluster another node must not take a live import for a
 * dead one. So each node names itself in the imports it runs and renews their heartbeat every
 * {@code recap.imports.heartbeat} (by the database's clock); every node, at start-up and then at each heartbeat,
 * marks INTERRUPTED the imports queued or running whose heartbeat is older than {@code recap.imports.stale-after}.
 * A node stopping normally marks its own at once. Importing the file again is safe: the upsert updates the rows the
 * first run imported instead of adding them twice.
 */
@Service
public class ImportQueue implements DisposableBean {

    /** Too many imports are waiting on this node; the message says so for a person. */
    public static class BusyException extends RuntimeException {

        BusyException(String message) {
            super(message);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ImportQueue.class);

    private final SubscriberImport imports;
    private final ImportHistory history;
    private final ImportProperties properties;
    private final Clock clock;
    private final ThreadPoolTaskExecutor threads;
    private final ThreadPoolTaskScheduler tending;
    /** This process, unique among the nodes on the database: a restarted node is a new one. */
    private final String node;
    /** This node's imports not ended yet, and their spool files (touched at each heartbeat). */
    private final Map<Long, Path> spooled = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    ImportQueue(SubscriberImport imports, ImportHistory history, ImportProperties properties, Clock clock,
            ThreadPoolTaskExecutorBuilder executors, ThreadPoolTaskSchedulerBuilder schedulers) {
        this.imports = imports;
        this.history = history;
        this.properties = properties;
        this.clock = clock;
        // not beans, like NodeLocks' renewal thread: an executor bean would take the place of Boot's own
        this.threads = executors.threadNamePrefix("subscriber-import-").corePoolSize(properties.concurrency())
                .maxPoolSize(properties.concurrency()).queueCapacity(properties.maxQueued())
                // a running import stops at its next batch once stopping is set; wait for that, never interrupt it
                // (an interrupt inside H2's file I/O closes the database)
                .awaitTermination(true).awaitTerminationPeriod(java.time.Duration.ofSeconds(30)).build();
        this.threads.initialize();
        this.tending = schedulers.poolSize(1).threadNamePrefix("subscriber-import-heartbeat-").build();
        this.tending.setDaemon(true);
        this.tending.initialize();
        this.node = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Stores and checks an upload, records it QUEUED and has it imported in the background.
     *
     * @param upload     the file, read once to the end here (not closed)
     * @param whenQueued told in this thread with its record once it is QUEUED, before any import thread can end it
     *                   (so what it writes, the audit log say, comes before what {@code whenEnded} writes)
     * @param whenEnded  told in the import's thread with its record once it ended (DONE, FAILED or INTERRUPTED)
     * @return the import's record as queued
     * @throws RefusedException when the file is refused whole; nothing is recorded or changed then
     * @throws BusyException    when {@code recap.imports.max-queued} imports are already waiting
     */
    public SubscriberImport.Record submit(NewsletterList list, InputStream upload, String fileName, String actor,
            Consumer<SubscriberImport.Record> whenQueued, Consumer<SubscriberImport.Record> whenEnded)
            throws IOException {
        Files.createDirectories(properties.spoolDir());
        Path spool = Files.createTempFile(properties.spoolDir(), "import-", ".csv");
        long importId;
        try {
            Files.copy(upload, spool, StandardCopyOption.REPLACE_EXISTING);
            long rows = imports.check(new FileSystemResource(spool));
            importId = history.queued(list, fileName, actor, clock.instant(), rows, node);
        } catch (IOException | RuntimeException refusedOrFailed) {
            Files.deleteIfExists(spool);
            throw refusedOrFailed;
        }
        spooled.put(importId, spool);
        SubscriberImport.Record queued = history.find(importId).orElseThrow();
        whenQueued.accept(queued);
        try {
            threads.execute(() -> importInBackground(importId, list, spool, fileName, actor, whenEnded));
        } catch (TaskRejectedException full) {
            spooled.remove(importId);
            history.forget(importId);
            Files.deleteIfExists(spool);
            throw new BusyException(properties.concurrency() + " imports are running and " + properties.maxQueued()
                    + " waiting; try again when one has finished. Nothing was imported.");
        }
        log.info("import {} into list {} queued file={} rows={} by={} node={}", importId, list.slug(), fileName,
                queued.rowsTotal(), actor, node);
        return queued;
    }

    private void importInBackground(long importId, NewsletterList list, Path spool, String fileName, String actor,
            Consumer<SubscriberImport.Record> whenEnded) {
        Reporter progress = new Reporter();
        try {
            if (stopping || !history.running(importId)) {
                return; // marked interrupted while it waited
            }
            imports.run(importId, list, new FileSystemResource(spool), fileName, actor, progress);
        } catch (ImportStopped stopped) {
            Result soFar = progress.last == null ? new Result(importId, 0, 0, 0, 0, 0) : progress.last;
            history.stoppedAt(soFar, interruptedMessage(soFar.rowsRead()), clock.instant());
            log.warn("import {} into list {} stopped: {} rows={}", importId, list.slug(), stopped.getMessage(),
                    soFar.rowsRead());
        } catch (RefusedException refused) {
            // the file changed in the spool since it was checked, or a check only the import makes refused it
            history.ended(importId, ImportStatus.FAILED, refused.getMessage(), clock.instant());
        } catch (Exception | Error failure) {
            long row = progress.last == null ? 0 : progress.last.rowsRead();
            log.error("import {} into list {} failed after {} rows", importId, list.slug(), row, failure);
            history.ended(importId, ImportStatus.FAILED, "The import stopped after " + count(row)
                    + " rows because of an error (" + failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    + "). Import the file again: rows already imported are updated, not duplicated.", clock.instant());
        } finally {
            spooled.remove(importId);
            try {
                Files.deleteIfExists(spool);
            } catch (IOException e) {
                log.warn("import {}: spool file {} not deleted: {}", importId, spool, e.toString());
            }
            history.find(importId).ifPresent(record -> {
                try {
                    whenEnded.accept(record);
                } catch (RuntimeException e) {
                    log.warn("import {}: what follows its end failed", importId, e);
                }
            });
        }
    }

    /** Writes the progress every {@code progress-every} rows; stops the import when asked to. */
    private final class Reporter implements SubscriberImport.Progress {

        private volatile Result last;
        private long writtenAt;

        @Override
        public void written(Result soFar) {
            last = soFar;
            if (stopping) {
                throw new ImportStopped("the server is stopping");
            }
            if (soFar.rowsRead() - writtenAt >= properties.progressEvery()) {
                if (!history.progress(soFar)) {
                    throw new ImportStopped("marked interrupted by another node");
                }
                writtenAt = soFar.rowsRead();
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void startTending() {
        removeOldSpoolFiles();
        tending.scheduleWithFixedDelay(this::tend, properties.heartbeat());
    }

    /**
     * Renews this node's heartbeat and marks INTERRUPTED the imports of nodes that stopped renewing theirs (run
     * at start-up, then at every heartbeat).
     */
    void tend() {
        try {
            if (!spooled.isEmpty()) {
                history.heartbeat(node);
            }
            FileTime now = FileTime.from(clock.instant());
            spooled.values().forEach(file -> {
                try {
                    Files.setLastModifiedTime(file, now);
                } catch (IOException e) {
                    // gone already: its import just ended
                }
            });
            for (ImportHistory.Abandoned stale : history.stale(properties.staleAfter())) {
                if (!node.equals(stale.node()) && history.interrupt(stale, interruptedMessage(stale.rowsRead()),
                        clock.instant())) {
                    log.warn("import {} marked interrupted: its node {} showed no life for {} rows={}", stale.id(),
                            stale.node(), properties.staleAfter(), stale.rowsRead());
                }
            }
        } catch (RuntimeException e) {
            log.warn("import heartbeat failed: {}", e.toString());
        }
    }

    /** Spool files no live import touched within stale-after: left by a node that died. */
    private void removeOldSpoolFiles() {
        if (!Files.isDirectory(properties.spoolDir())) {
            return;
        }
        Instant before = clock.instant().minus(properties.staleAfter());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(properties.spoolDir(), "import-*.csv")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(before)) {
                    Files.deleteIfExists(file);
                    log.info("removed the spool file {} of an import that ended with its node", file);
                }
            }
        } catch (IOException e) {
            log.warn("spool directory {} not cleaned: {}", properties.spoolDir(), e.toString());
        }
    }

    @Override
    public void destroy() {
        stopping = true;
        tending.shutdown();
        // only this node's own imports, known here without asking the database (which may be stopping too)
        for (Long own : spooled.keySet()) {
            try {
                long rows = history.find(own).map(SubscriberImport.Record::rowsRead).orElse(0L);
                if (history.interrupt(new ImportHistory.Abandoned(own, rows, node, null), interruptedMessage(rows),
                        clock.instant())) {
                    log.warn("import {} interrupted: the server is stopping rows={}", own, rows);
                }
            } catch (RuntimeException e) {
                log.warn("import {} not marked interrupted: {}", own, e.toString());
            }
        }
        threads.shutdown();
    }

    static String interruptedMessage(long rowsRead) {
        return "The server stopped during this import; " + count(rowsRead) + " rows had been processed. Import the"
                + " file again: rows already imported are updated, not duplicated.";
    }

    private static String count(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
