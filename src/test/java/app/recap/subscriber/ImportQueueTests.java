package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Background imports as a node runs them, stops and restarts: each test starts its own {@link ImportQueue} (a
 * node) beside the application's, on H2 and, in the suite's PostgreSQL run, PostgreSQL.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:import-queue;DB_CLOSE_DELAY=-1")
@Tag("database")
class ImportQueueTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired SubscriberImport imports;
    @Autowired ImportHistory history;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;
    @Autowired ThreadPoolTaskExecutorBuilder executors;
    @Autowired ThreadPoolTaskSchedulerBuilder schedulers;
    @TempDir Path spool;

    private ImportQueue node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.destroy();
        }
    }

    private ImportQueue startNode(int maxQueued) {
        node = new ImportQueue(imports, history, new ImportProperties(1, maxQueued, spool, 1000,
                Duration.ofMillis(200), Duration.ofSeconds(5), 1), clock, executors, schedulers);
        node.startTending();
        return node;
    }

    private NewsletterList list(String prefix) {
        String slug = prefix + "-" + Long.toString(System.nanoTime(), 36);
        return lists.create(new NewsletterList(0, slug, "List " + slug, "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(), AT);
    }

    private static byte[] csv(String domain, int rows) {
        StringBuilder csv = new StringBuilder(rows * 32).append("email,name\n");
        for (int i = 0; i < rows; i++) {
            csv.append("r").append(i).append('@').append(domain).append(",Reader ").append(i).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long insertImport(NewsletterList list, ImportStatus status, String node, OffsetDateTime heartbeat,
            long rowsRead) {
        jdbc.sql("""
                insert into subscriber_import (list_id, file_name, actor, started_at, status, rows_total, rows_read, node,
                    heartbeat_at) values (?, 'people.csv', 'tester', ?, ?, 100000, ?, ?, ?)""")
                .params(list.id(), AT.atOffset(java.time.ZoneOffset.UTC), status.name(), rowsRead, node, heartbeat)
                .update();
        return jdbc.sql("select max(id) from subscriber_import").query(Long.class).single();
    }

    private SubscriberImport.Record record(long id) {
        return imports.find(id).orElseThrow();
    }

    @Test
    void aRestartedNodeMarksImportsADeadNodeLeftRunningInterruptedButNotThoseOfANodeStillAlive() {
        NewsletterList list = list("crash");
        OffsetDateTime dbNow = jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single();
        long running = insertImport(list, ImportStatus.RUNNING, "dead-node", dbNow.minusMinutes(10), 12_000);
        long queued = insertImport(list, ImportStatus.QUEUED, "dead-node", null, 0);
        long alive = insertImport(list, ImportStatus.RUNNING, "live-node", dbNow.plusMinutes(1), 3_000);

        startNode(10);

        await().atMost(Duration.ofSeconds(20)).until(() -> record(running).status() == ImportStatus.INTERRUPTED
                && record(queued).status() == ImportStatus.INTERRUPTED);
        assertThat(record(running).message()).isEqualTo("The server stopped during this import; 12,000 rows had been"
                + " processed. Import the file again: rows already imported are updated, not duplicated.");
        assertThat(record(running).finishedAt()).isNotNull();
        assertThat(record(queued).message()).contains("0 rows had been processed");
        // a few heartbeats later, the import another live node runs is still its own
        node.tend();
        node.tend();
        assertThat(record(alive).status()).isEqualTo(ImportStatus.RUNNING);
        assertThat(record(alive).message()).isNull();
        jdbc.sql("update subscriber_import set status = 'DONE' where id = ?").param(alive).update();
    }

    @Test
    void runsAnUploadInTheBackgroundToDoneAndRemovesItsSpoolFile() throws Exception {
        NewsletterList list = list("queued");
        startNode(10);

        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread submitter = Thread.currentThread();
        var queued = node.submit(list, new ByteArrayInputStream(csv("queued.example", 3_500)), "people.csv", "tester",
                noted -> told.add("queued " + noted.status() + " " + noted.rowsTotal()
                        + (Thread.currentThread() == submitter ? " here" : " elsewhere")),
                ended -> told.add("ended " + ended.status() + " " + ended.rowsRead()));

        assertThat(queued.status()).isIn(ImportStatus.QUEUED, ImportStatus.RUNNING);
        assertThat(queued.rowsTotal()).isEqualTo(3_500);
        await().atMost(Duration.ofSeconds(60)).until(() -> record(queued.id()).status().ended());
        var done = record(queued.id());
        assertThat(done.status()).isEqualTo(ImportStatus.DONE);
        assertThat(done.rowsRead()).isEqualTo(3_500);
        assertThat(done.created()).isEqualTo(3_500);
        assertThat(subscribers.countActive(list.id())).isEqualTo(3_500);
        // queued is told in the submitting thread before the import can run, so it always comes first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(told)
                .containsExactly("queued QUEUED 3500 here", "ended DONE 3500"));
        try (var left = Files.list(spool)) {
            assertThat(left).as("spool files left").isEmpty();
        }
    }

    @Test
    void aStoppingNodeInterruptsItsImportAndImportingTheFileAgainUpdatesTheRowsInsteadOfDuplicatingThem()
            throws Exception {
        NewsletterList list = list("stopped");
        byte[] file = csv("stopped.example", 60_000);
        startNode(0);
        var queued = node.submit(list, new ByteArrayInputStream(file), "big.csv", "tester", noted -> { }, ended -> { });
        await().atMost(Duration.ofSeconds(60)).until(() -> record(queued.id()).rowsRead() >= 3_000);

        // one thread, nowhere to wait: a second import is refused while the first runs, and leaves no record
        long before = imports.recent(1).get(0).id();
        assertThatThrownBy(() -> node.submit(list, new ByteArrayInputStream(csv("other.example", 10)), "small.csv",
                "tester", noted -> { }, ended -> { })).isInstanceOf(ImportQueue.BusyException.class);
        assertThat(imports.recent(1).get(0).id()).isEqualTo(before);

        node.destroy();
        node = null;

        var stopped = record(queued.id());
        assertThat(stopped.status()).isEqualTo(ImportStatus.INTERRUPTED);
        assertThat(stopped.rowsRead()).isBetween(3_000L, 59_999L);
        assertThat(stopped.message()).startsWith("The server stopped during this import; "
                + String.format(Locale.ENGLISH, "%,d", stopped.rowsRead()) + " rows had been processed.");
        // the counts are those of the batches committed: every row read was imported
        assertThat(subscribers.countActive(list.id())).isEqualTo(stopped.rowsRead());

        var again = imports.run(list, new ByteArrayResource(file), "big.csv", "tester");

        assertThat(again.updated()).isEqualTo(stopped.rowsRead());
        assertThat(again.created()).isEqualTo(60_000 - stopped.rowsRead());
        assertThat(again.rejected()).isZero();
        assertThat(subscribers.countActive(list.id())).isEqualTo(60_000);
        assertThat(jdbc.sql("select count(*) from subscriber where email like '%@stopped.example'").query(Long.class)
                .single()).isEqualTo(60_000);
        assertThat(record(again.importId()).status()).isEqualTo(ImportStatus.DONE);
    }
}
