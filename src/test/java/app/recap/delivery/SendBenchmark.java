package app.recap.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.RecapApplication;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.delivery.send.DeliveryMetrics;
import app.recap.delivery.smtp.MailConnections;
import app.recap.delivery.smtp.MailProperties;
import app.recap.delivery.smtp.ObservedSmtpConnections;
import app.recap.edition.IsoWeek;
import app.recap.ingest.FeedIngester;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The send benchmark behind {@code bench/run}: seeds {@code BENCH_SUBSCRIBERS} synthetic subscribers over
 * realistic audience combinations on an H2 file database, ingests the bundled demo feeds, runs the real weekly
 * job against {@code SMTP_HOST:SMTP_PORT} (an in-process GreenMail when no host is given) and prints one
 * {@code BENCH ...} line. Not a test: surefire never runs it.
 */
public final class SendBenchmark {

    public static void main(String[] args) throws Exception {
        int subscribers = Integer.parseInt(env("BENCH_SUBSCRIBERS", "10000"));
        String host = env("SMTP_HOST", "");
        int port = Integer.parseInt(env("SMTP_PORT", "3999"));
        GreenMail greenMail = null;
        Thread purger = null;
        if (host.isBlank()) {
            host = "127.0.0.1";
            greenMail = new GreenMail(new ServerSetup(port, host, ServerSetup.PROTOCOL_SMTP));
            greenMail.start();
            GreenMail gm = greenMail;
            // GreenMail keeps every message in memory; drop them as they arrive so the heap measures Recap
            purger = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(200);
                        gm.purgeEmailFromAllMailboxes();
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception ignored) {
                        // purge again next time
                    }
                }
            }, "greenmail-purger");
            purger.setDaemon(true);
            purger.start();
        }
        Path data = Files.createTempDirectory("recap-bench");
        try {
            run(subscribers, host, port, data);
        } finally {
            if (purger != null) {
                purger.interrupt();
            }
            if (greenMail != null) {
                greenMail.stop();
            }
        }
    }

    private static void run(int subscribers, String host, int port, Path data) throws Exception {
        // command-line arguments, because builder properties are only defaults that application.yml overrides
        ConfigurableApplicationContext context = new SpringApplicationBuilder(RecapApplication.class, SizeSampling.class)
                .run(Stream.of(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "logging.level.root=WARN",
                        "logging.level.app.recap.delivery.send.DeliveryWriter=INFO",
                        "recap.data-dir=" + data,
                        "recap.delivery.schedule-enabled=false",
                        "recap.delivery.partitions=" + env("BENCH_PARTITIONS", "4"),
                        "recap.delivery.threads=" + env("BENCH_THREADS", "2"),
                        "recap.delivery.chunk-size=" + env("BENCH_CHUNK", "100"),
                        "recap.mail.host=" + host,
                        "recap.mail.port=" + port,
                        "recap.base-url=https://recap.example").map(p -> "--" + p).toArray(String[]::new));
        try {
            NewsletterList list = seed(context, subscribers);
            long seeded = System.nanoTime();
            resetPeaks();
            LiveHeap live = LiveHeap.start();
            DigestRun run = context.getBean(WeeklyDigest.class).run(list.slug(), IsoWeek.parse("2026-W48"));
            double total = (System.nanoTime() - seeded) / 1e9;
            JobExecution execution = context.getBean(JobRepository.class).getJobExecution(run.jobExecutionId());
            StepExecution send = execution.getStepExecutions().stream()
                    .filter(s -> s.getStepName().equals("sendDigest")).findFirst().orElseThrow();
            double sendSeconds = Duration.between(send.getStartTime(), send.getEndTime()).toNanos() / 1e9;
            double connections = context.getBean(DeliveryMetrics.class).connectionsOpened();
            SizeSampling sizes = context.getBean(SizeSampling.class);
            System.out.printf(Locale.ROOT, "send step %.1f s, whole job %.1f s, job %s, sent=%d failed=%d skipped=%d%n",
                    sendSeconds, total, run.jobStatus(), run.sent(), run.failed(), run.skipped());
            System.out.printf(Locale.ROOT,
                    "heap: peak in use %.0f MB (garbage included), peak live after GC %.0f MB, cap %d MB%n",
                    peakHeapMb(), live.stop(), Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf(Locale.ROOT,
                    "BENCH subscribers=%d messages_per_second=%.0f peak_heap_mb=%.0f avg_message_kb=%.1f connections=%.0f%n",
                    subscribers, run.sent() / sendSeconds, live.peakMb(), sizes.averageKb(), connections);
        } finally {
            context.close();
        }
    }

    private static NewsletterList seed(ConfigurableApplicationContext context, int count) {
        AudienceRepository audiences = context.getBean(AudienceRepository.class);
        String[][] catalogue = {{"enterprise-security-teams", "Enterprise & Security Teams"},
                {"developers-engineers", "Developers & Engineers"}, {"researchers-academics", "Researchers & Academics"},
                {"founders-investors", "Founders & Investors"}, {"policy-legal-teams", "Policy & Legal Teams"},
                {"product-design-leaders", "Product & Design Leaders"}};
        List<Long> ids = new ArrayList<>();
        for (String[] a : catalogue) {
            ids.add(audiences.ensure(a[0], a[1], null, List.of()).id());
        }
        Instant now = Instant.parse("2026-11-30T07:00:00Z");
        NewsletterList list = context.getBean(ListRepository.class).create(new NewsletterList(0, "bench",
                "Weekly AI Recap", "Weekly AI Recap", "digest@recap.example", "editors@recap.example",
                "Recap Media, 18 Harbour Street, Bristol BS1 4AA, United Kingdom", java.time.DayOfWeek.MONDAY,
                java.time.LocalTime.of(8, 0), java.time.ZoneId.of("Europe/London"), Locale.ENGLISH, true, false),
                ids, now);
        FeedSourceRepository feeds = context.getBean(FeedSourceRepository.class);
        for (String feed : List.of("cloudwire", "labnotes", "policywatch", "plain-ai-blog")) {
            feeds.register("classpath:demo/feeds/" + feed + ".xml", feed, 0.9, now);
        }
        FeedIngester ingester = context.getBean(FeedIngester.class);
        for (FeedSource feed : feeds.findAll()) {
            ingester.ingest(feed);
        }
        JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
        Random random = new Random(42);
        var at = now.atOffset(ZoneOffset.UTC);
        int batch = 5000;
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            List<Object[]> people = new ArrayList<>();
            for (int i = from; i < to; i++) {
                people.add(new Object[] {"reader" + i + "@bench.example", i % 5 == 0 ? null : "Reader " + i, at});
            }
            jdbc.batchUpdate("insert into subscriber (email, name, status, created_at) values (?, ?, 'ENABLED', ?)",
                    people);
        }
        List<Object[]> subscriptions = new ArrayList<>();
        List<Object[]> choices = new ArrayList<>();
        List<Long> subscriberIds = jdbc.queryForList("select id from subscriber order by id", Long.class);
        for (long id : subscriberIds) {
            List<Long> chosen = combination(random, ids);
            StringBuilder key = new StringBuilder();
            for (int k = 0; k < chosen.size(); k++) {
                key.append(k == 0 ? "" : ",").append(chosen.get(k));
                choices.add(new Object[] {id, list.id(), chosen.get(k), k});
            }
            subscriptions.add(new Object[] {id, list.id(), key.toString(), at, at});
            if (subscriptions.size() == batch) {
                flush(jdbc, subscriptions, choices);
            }
        }
        flush(jdbc, subscriptions, choices);
        return list;
    }

    /**
     * Most readers follow one to three audiences, a few follow many. The sign-up form lists audiences in the
     * list's order, so most keep that order; one in ten has reordered them in the preference center.
     */
    private static List<Long> combination(Random random, List<Long> ids) {
        double roll = random.nextDouble();
        int size = roll < 0.35 ? 1 : roll < 0.65 ? 2 : roll < 0.85 ? 3 : roll < 0.95 ? 4 : 6;
        List<Long> shuffled = new ArrayList<>(ids);
        java.util.Collections.shuffle(shuffled, random);
        List<Long> chosen = new ArrayList<>(shuffled.subList(0, size));
        if (random.nextDouble() < 0.9) {
            chosen.sort(null);
        }
        return chosen;
    }

    private static void flush(JdbcTemplate jdbc, List<Object[]> subscriptions, List<Object[]> choices) {
        jdbc.batchUpdate("""
                insert into subscription (subscriber_id, list_id, status, audience_key, created_at, updated_at)
                values (?, ?, 'CONFIRMED', ?, ?, ?)""", subscriptions);
        jdbc.batchUpdate("""
                insert into subscription_audience (subscriber_id, list_id, audience_id, sort_order) values (?, ?, ?, ?)""",
                choices);
        subscriptions.clear();
        choices.clear();
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024.0 * 1024.0);
    }

    /**
     * The heap still in use right after each collection, sampled: what the send path really keeps, as opposed
     * to the pools' peaks, which mostly show how much garbage the collector let pile up under the cap.
     */
    private static final class LiveHeap {

        private final Thread sampler;
        private volatile double peakMb;

        private LiveHeap() {
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                        if (gc instanceof com.sun.management.GarbageCollectorMXBean bean && bean.getLastGcInfo() != null) {
                            // every pool's usage right after that collection (old generation included)
                            long used = bean.getLastGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                                    .filter(e -> isHeap(e.getKey()))
                                    .mapToLong(e -> e.getValue().getUsed()).sum();
                            peakMb = Math.max(peakMb, used / (1024.0 * 1024.0));
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "live-heap");
            sampler.setDaemon(true);
        }

        private static boolean isHeap(String poolName) {
            return ManagementFactory.getMemoryPoolMXBeans().stream()
                    .anyMatch(p -> p.getName().equals(poolName) && p.getType() == MemoryType.HEAP);
        }

        static LiveHeap start() {
            LiveHeap heap = new LiveHeap();
            heap.sampler.start();
            return heap;
        }

        double stop() {
            sampler.interrupt();
            return peakMb;
        }

        double peakMb() {
            return peakMb;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Wraps the real connections and measures the wire size of every 500th message. */
    @TestConfiguration(proxyBeanMethods = false) // not picked up by the tests' component scan
    static class SizeSampling {

        private final AtomicLong seen = new AtomicLong();
        private final AtomicLong sampledBytes = new AtomicLong();
        private final AtomicLong samples = new AtomicLong();

        double averageKb() {
            return samples.get() == 0 ? 0 : sampledBytes.get() / (double) samples.get() / 1024.0;
        }

        @Bean
        @Primary
        MailConnections sampledConnections(MailProperties properties) {
            return new ObservedSmtpConnections(properties, (message, send) -> {
                if (seen.incrementAndGet() % 500 == 1) {
                    CountingStream counter = new CountingStream();
                    try {
                        message.writeTo(counter);
                    } catch (IOException e) {
                        throw new MessagingException("size sample", e);
                    }
                    sampledBytes.addAndGet(counter.count);
                    samples.incrementAndGet();
                }
                send.run();
            });
        }
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
