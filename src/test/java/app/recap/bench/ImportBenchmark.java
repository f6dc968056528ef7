package app.recap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ActiveProfilesResolver;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberDirectory;
import app.recap.subscriber.SearchIndexAccess;
import app.recap.subscriber.SubscriberImport;
import app.recap.support.Postgres;

/**
 * Imports a generated CSV of {@code bench.rows} rows (default 1,000,000; one in 10,000 invalid, one in 10,000 a
 * duplicate) into an empty list and reports rows per second and the peak heap seen while importing; then times
 * searches of the million subscribers. Not a unit test (surefire never runs *Benchmark by default): run
 * {@code bench/import}. The database is an H2 file under {@code target/bench}, or with {@code -Dbench.db=postgres}
 * an embedded PostgreSQL, run with the {@code postgres} profile as an installation on PostgreSQL runs (two writers,
 * {@code recap.imports.writers}; {@code -Drecap.imports.writers=N} overrides it on either database).
 */
@SpringBootTest(properties = {"logging.level.app.recap=warn", "logging.level.app.recap.bench=info",
        "logging.level.app.recap.subscriber.SubscriberSearchIndex=info"})
@Tag("database")
@ActiveProfiles(resolver = ImportBenchmark.DatabaseProfile.class)
class ImportBenchmark {

    /** The postgres profile with {@code -Dbench.db=postgres}, none on H2. */
    static final class DatabaseProfile implements ActiveProfilesResolver {

        @Override
        public String[] resolve(Class<?> testClass) {
            return POSTGRES ? new String[] {"postgres"} : new String[0];
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ImportBenchmark.class);
    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final boolean POSTGRES = "postgres".equals(System.getProperty("bench.db"));
    /** An H2 file an earlier run imported into (its path without .mv.db): only the searches are timed again. */
    private static final String REUSE = System.getProperty("bench.reuse", "");
    /** -Dbench.pgstat=true (PostgreSQL): the import's top statements by execution time, FK checks included. */
    private static final boolean PGSTAT = POSTGRES && Boolean.getBoolean("bench.pgstat");

    @Autowired SubscriberImport imports;
    @Autowired SubscriberDirectory directory;
    @Autowired ListRepository lists;
    @Autowired AudienceRepository audiences;
    @Autowired ApplicationContext context;
    @Value("${recap.imports.writers}") int writers;
    @Autowired JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) throws IOException {
        if (POSTGRES) {
            registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("import_bench_" + System.nanoTime()));
            registry.add("spring.datasource.username", () -> "postgres");
            registry.add("spring.datasource.password", () -> "postgres");
        } else if (!REUSE.isEmpty()) {
            registry.add("spring.datasource.url", () -> "jdbc:h2:file:" + REUSE + ";AUTO_SERVER=FALSE");
        } else {
            Path dir = Files.createDirectories(Path.of("target", "bench"));
            Path db = dir.resolve("import-" + System.nanoTime());
            // the page cache Recap ships with (application.yml): without it H2 takes 64 MB of the 256 MB heap
            registry.add("spring.datasource.url",
                    () -> "jdbc:h2:file:" + db.toAbsolutePath() + ";AUTO_SERVER=FALSE;CACHE_SIZE=16384");
        }
    }

    @Test
    void importsAMillionRows() throws Exception {
        List<Audience> all = new ArrayList<>();
        for (String slug : List.of("enterprise-security-teams", "developers-engineers", "researchers-academics",
                "founders-investors", "policy-legal-teams", "product-design-leaders")) {
            all.add(audiences.ensure(slug, slug, null, List.of()));
        }
        if (!REUSE.isEmpty()) {
            searches(lists.findBySlug("bench").orElseThrow(), all);
            return;
        }
        NewsletterList list = lists.create(new NewsletterList(0, "bench", "Bench", "Recap", "digest@recap.example",
                null, "1 Bench Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true,
                false), all.stream().map(Audience::id).toList(), Instant.parse("2026-11-01T00:00:00Z"));
        Path csv = generate(all);
        long bytes = Files.size(csv);

        if (PGSTAT) {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.execute("select pg_stat_statements_reset()");
        }
        System.gc();
        long baseline = usedHeap();
        AtomicLong peak = new AtomicLong(baseline);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(usedHeap(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.start();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        SubscriberImport.Result result = imports.run(list, new FileSystemResource(csv), csv.getFileName().toString(),
                "bench");
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
        running.set(false);
        sampler.join();
        Files.deleteIfExists(csv);

        assertThat(result.rowsRead()).isEqualTo(ROWS);
        assertThat(result.created() + result.rejected()).isEqualTo(ROWS);
        long maxHeapMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
        log.info("import of {} rows ({} MB) took {} s: created={} rejected={} db={} heapBaselineMb={} maxHeapMb={}",
                ROWS, bytes / (1024 * 1024), String.format(Locale.ROOT, "%.1f", seconds), result.created(),
                result.rejected(), POSTGRES ? "postgresql" : "h2", baseline / (1024 * 1024), maxHeapMb);
        // the JVM's CPU time (all its threads; H2 runs inside it, PostgreSQL does not) varies less with the load of a
        // shared machine than the wall-clock rate
        log.info(String.format(Locale.ROOT,
                "BENCH import rows=%d rows_per_second=%.0f seconds=%.1f jvm_cpu_seconds=%.1f peak_heap_mb=%d writers=%d",
                ROWS, ROWS / seconds, seconds, cpuSeconds, peak.get() / (1024 * 1024), writers));

        if (PGSTAT) {
            jdbc.queryForList("""
                    select round(total_exec_time::numeric) as ms, calls, rows,
                           left(regexp_replace(query, '\\s+', ' ', 'g'), 160) as query
                    from pg_stat_statements order by total_exec_time desc limit 20""")
                    .forEach(statement -> log.info("BENCH pgstat {}", statement));
        }
        searches(list, all);
    }

    /**
     * Times the subscriber screen's queries over the imported million (median of five, after one warm-up, with the
     * fastest and slowest of the five): first the first search, which on H2 starts building the in-memory copy of
     * the substring search in the background, and how long that takes; then each probe.
     */
    private void searches(NewsletterList list, List<Audience> all) throws InterruptedException {
        var first = new SubscriberDirectory.Filter("ada 4242", null, null, null);
        long firstStart = System.nanoTime();
        directory.search(first, (String) null, 50, SubscriberDirectory.Order.OLDEST);
        double firstMs = (System.nanoTime() - firstStart) / 1e6;
        long buildStart = System.nanoTime();
        long heapBefore = usedHeap();
        long heapPeak = heapBefore;
        while (!POSTGRES && !SearchIndexAccess.ready(context) && System.nanoTime() - buildStart < 300_000_000_000L) {
            heapPeak = Math.max(heapPeak, usedHeap());
            Thread.sleep(10);
        }
        log.info(String.format(Locale.ROOT,
                "BENCH search_index subscribers=%d first_search_ms=%.1f built=%s build_seconds=%.1f off_heap_mb=%.1f"
                        + " direct_mb=%.1f heap_during_build_mb=%d..%d",
                ROWS, firstMs, !POSTGRES && SearchIndexAccess.ready(context), (System.nanoTime() - buildStart) / 1e9,
                POSTGRES ? 0 : SearchIndexAccess.bytes(context) / 1048576.0, directMemory() / 1048576.0,
                heapBefore / (1024 * 1024), heapPeak / (1024 * 1024)));
        record Probe(String name, SubscriberDirectory.Filter filter, Long after, SubscriberDirectory.Order order) {

            Probe(String name, SubscriberDirectory.Filter filter, Long after) {
                this(name, filter, after, SubscriberDirectory.Order.OLDEST);
            }
        }
        List<Probe> probes = List.of(
                new Probe("first_page", SubscriberDirectory.Filter.ALL, null),
                new Probe("exact_email", new SubscriberDirectory.Filter("reader777777@bench.example", null, null, null), null),
                new Probe("email_prefix", new SubscriberDirectory.Filter("reader12345", null, null, null), null),
                new Probe("name_prefix", new SubscriberDirectory.Filter("ada 4242", null, null, null), null),
                // any part, not the start: the middle of a name and of an address, and a part nobody has
                new Probe("name_middle", new SubscriberDirectory.Filter("a 42424", null, null, null), null),
                new Probe("address_middle", new SubscriberDirectory.Filter("er77777@bench", null, null, null), null),
                new Probe("no_match", new SubscriberDirectory.Filter("zzqx", null, null, null), null),
                new Probe("name_middle_by_name", new SubscriberDirectory.Filter("a 42424", null, null, null), null,
                        SubscriberDirectory.Order.NAME),
                new Probe("one_letter", new SubscriberDirectory.Filter("r", null, null, null), null),
                new Probe("prefix_in_list", new SubscriberDirectory.Filter("reader9876", list.id(), "CONFIRMED", null), null),
                new Probe("list_confirmed_deep_page", new SubscriberDirectory.Filter(null, list.id(), "CONFIRMED", null),
                        (long) ROWS * 9 / 10),
                new Probe("list_audience", new SubscriberDirectory.Filter(null, list.id(), null, all.get(5).id()), null),
                new Probe("blocklisted_none", new SubscriberDirectory.Filter(null, null, "BLOCKLISTED", null), null),
                // the subscribers page sorted by name or by address (issue 15): no index serves the name order
                new Probe("sorted_by_name", SubscriberDirectory.Filter.ALL, null, SubscriberDirectory.Order.NAME),
                new Probe("sorted_by_name_desc", SubscriberDirectory.Filter.ALL, null, SubscriberDirectory.Order.NAME_DESC),
                new Probe("sorted_by_email", SubscriberDirectory.Filter.ALL, null, SubscriberDirectory.Order.EMAIL));
        for (Probe probe : probes) {
            String cursor = probe.after() == null ? null : probe.after().toString();
            directory.search(probe.filter(), cursor, 50, probe.order());
            long[] times = new long[5];
            long[] cpu = new long[5];
            int found = 0;
            for (int i = 0; i < times.length; i++) {
                long cpuStart = threadCpuNanos();
                long start = System.nanoTime();
                found = directory.search(probe.filter(), cursor, 50, probe.order()).content().size();
                times[i] = System.nanoTime() - start;
                cpu[i] = threadCpuNanos() - cpuStart;
            }
            Arrays.sort(cpu);
            report("search probe=" + probe.name(), "found=" + found, times);
            // H2 runs in the calling thread, so its CPU time is the search's cost less the wait for a core on a
            // shared machine (PostgreSQL's work is in its own processes and not counted)
            log.info(String.format(Locale.ROOT, "BENCH search_cpu probe=%s median_cpu_ms=%.1f min_cpu_ms=%.1f",
                    probe.name(), cpu[2] / 1e6, cpu[0] / 1e6));
        }
        // a later page by name: the cursor 10 pages in, then the page after it (each its own cursor, so H2 cannot
        // reuse a cached result)
        String cursor = null;
        for (int page = 0; page < 10; page++) {
            cursor = directory.search(SubscriberDirectory.Filter.ALL, cursor, 50, SubscriberDirectory.Order.NAME).cursor();
        }
        long[] later = new long[5];
        for (int i = 0; i < later.length; i++) {
            long start = System.nanoTime();
            cursor = directory.search(SubscriberDirectory.Filter.ALL, cursor, 50, SubscriberDirectory.Order.NAME).cursor();
            later[i] = System.nanoTime() - start;
        }
        report("search probe=sorted_by_name_later_pages", "found=50", later);
        // the screen's total (counted up to SubscriberDirectory.TOTAL_BOUND) and the exact count, for a rare and a
        // common query and for a whole list
        for (var counted : List.of(new SubscriberDirectory.Filter("a 42424", null, null, null),
                new SubscriberDirectory.Filter("ada 1", null, null, null),
                new SubscriberDirectory.Filter(null, list.id(), "CONFIRMED", null))) {
            directory.total(counted);
            long[] times = new long[5];
            SubscriberDirectory.Total total = null;
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                total = directory.total(counted);
                times[i] = System.nanoTime() - start;
            }
            String name = counted.query() == null ? "list_confirmed" : counted.query().replace(' ', '_');
            report("total probe=" + name, "total=" + (total.more() ? ">" : "") + total.count(), times);
            long start = System.nanoTime();
            long exact = directory.count(counted);
            log.info(String.format(Locale.ROOT, "BENCH count probe=%s subscribers=%d count=%d once_ms=%.1f", name, ROWS,
                    exact, (System.nanoTime() - start) / 1e6));
        }
    }

    private static void report(String what, String found, long[] times) {
        Arrays.sort(times);
        log.info(String.format(Locale.ROOT, "BENCH %s subscribers=%d %s median_ms=%.1f min_ms=%.1f max_ms=%.1f", what,
                ROWS, found, times[2] / 1e6, times[0] / 1e6, times[4] / 1e6));
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(java.lang.management.BufferPoolMXBean.class).stream()
                .filter(pool -> "direct".equals(pool.getName())).mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
                .sum();
    }

    private static Path generate(List<Audience> all) throws IOException {
        Path csv = Files.createTempFile("recap-bench-", ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("email,name,audiences\n");
            for (int i = 0; i < ROWS; i++) {
                if (i % 10_000 == 9_999) {
                    out.write("not-an-address-" + i + ",Broken,\n");
                } else if (i % 10_000 == 5_000) {
                    out.write("reader" + (i - 1) + "@bench.example,Duplicate,\n");
                } else {
                    out.write("reader" + i + "@bench.example,Ada " + i + ",");
                    int count = 1 + i % 3;
                    for (int k = 0; k < count; k++) {
                        out.write((k == 0 ? "" : ";") + all.get((i + k * 2) % all.size()).slug());
                    }
                    out.write('\n');
                }
            }
        }
        return csv;
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
