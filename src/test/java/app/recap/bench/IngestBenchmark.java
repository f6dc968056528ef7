package app.recap.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.ingest.FeedService;
import app.recap.ingest.IngestRun;
import app.recap.ingest.IngestRuns;
import app.recap.support.CompilerThreads;
import app.recap.support.IngestContext;

/**
 * A benchmark, not a test (surefire's default includes do not match the name, so the suite never runs it):
 * {@code bench/ingest}. Generates {@code bench.feeds} feeds (default 200) of {@code bench.items} items each
 * (default 50), half of them carrying the enrichment extension, serves them from the loopback HTTP server and
 * ingests them all with the real ingest job into a fresh embedded database. Prints one line:
 * {@code BENCH ingest feeds=.. items=.. items_per_second=.. peak_heap_mb=.. cpu_us_per_item=..}, where the peak is
 * the largest used heap sampled every 5 ms during the run and the CPU is the whole JVM's over the run (its
 * compiler threads too: {@code jit_cpu_ms} is theirs; {@code jit_ms}, the JVM's compilation time, counts wall time), the
 * steadier figure on a shared machine. {@code bench.warmup} feeds (default
 * 0) are ingested first, unmeasured, to show a JVM whose ingest code is already compiled.
 */
class IngestBenchmark extends IngestContext {

    @Autowired FeedService feeds;
    @Autowired IngestRuns runs;

    @Test
    void ingestGeneratedFeeds() throws Exception {
        int feedCount = Integer.getInteger("bench.feeds", 200);
        int itemCount = Integer.getInteger("bench.items", 50);
        int warmupFeeds = Integer.getInteger("bench.warmup", 0);
        if (warmupFeeds > 0) {
            // a server that has run for a while has its ingest code compiled; a fresh JVM spends the first
            // seconds compiling, which the cold figure (warm-up 0, the default) includes
            for (int f = 0; f < warmupFeeds; f++) {
                String path = "/bench/warmup-" + f + ".xml";
                server.serve(path, feed(100_000 + f, itemCount), "application/rss+xml; charset=utf-8");
                feeds.add(server.url(path), "Warm-up feed " + f, null);
            }
            assertThat(runs.run().status()).isEqualTo("COMPLETED");
            jdbc.sql("update feed_source set enabled = false").update();
        }
        for (int f = 0; f < feedCount; f++) {
            String path = "/bench/feed-" + f + ".xml";
            server.serve(path, feed(f, itemCount), "application/rss+xml; charset=utf-8");
            feeds.add(server.url(path), "Bench feed " + f, null);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        AtomicLong peak = new AtomicLong(memory.getHeapMemoryUsage().getUsed());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long jitBefore = jit.getTotalCompilationTime();
        CompilerThreads.Snapshot jitCpuBefore = CompilerThreads.snapshot();
        long started = System.nanoTime();
        IngestRun run = runs.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
        long jitMillis = jit.getTotalCompilationTime() - jitBefore;
        long jitCpuMillis = jitCpuBefore.millisUntil(CompilerThreads.snapshot());
        running.set(false);
        sampler.join();

        assertThat(run.status()).isEqualTo("COMPLETED");
        assertThat(run.feedsFailed()).isZero();
        assertThat(run.itemsSeen()).isEqualTo(feedCount * itemCount);
        assertThat(run.newStories()).isEqualTo(feedCount * itemCount);
        System.out.println(String.format(Locale.ROOT,
                "BENCH ingest feeds=%d items=%d items_per_second=%.0f peak_heap_mb=%.0f seconds=%.2f max_heap_mb=%d"
                        + " cpu_seconds=%.2f cpu_us_per_item=%.0f jit_ms=%d jit_cpu_ms=%d warmup_feeds=%d",
                run.feeds(), run.itemsSeen(), run.itemsSeen() / seconds, peak.get() / (1024.0 * 1024.0), seconds,
                Runtime.getRuntime().maxMemory() / (1024 * 1024), cpuSeconds, cpuSeconds * 1e6 / run.itemsSeen(),
                jitMillis, jitCpuMillis, warmupFeeds));
    }

    /** A feed of realistic size: titles, links with trackers, HTML descriptions, and enrichment on even feeds. */
    private static byte[] feed(int f, int items) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0" xmlns:recap="urn:recap:enrichment:1"><channel>
                <title>Bench feed %d</title><link>https://bench%d.example/</link><description>generated</description>
                """.formatted(f, f));
        for (int i = 0; i < items; i++) {
            xml.append("<item><title>Feed ").append(f).append(" story ").append(i)
                    .append(": model launches, chip prices and a new agent toolkit</title>")
                    .append("<link>https://bench").append(f).append(".example/2026/11/story-").append(i)
                    .append("?utm_source=rss&amp;utm_medium=feed</link>")
                    .append("<guid isPermaLink=\"false\">bench-").append(f).append('-').append(i).append("</guid>")
                    .append("<pubDate>Tue, 24 Nov 2026 ").append(String.format("%02d", i % 24)).append(":")
                    .append(String.format("%02d", f % 60)).append(":00 GMT</pubDate>")
                    .append("<description><![CDATA[<p>The <b>company</b> said the release improves latency for ")
                    .append("developers and security teams alike. Analysts expect pricing pressure on rivals.</p>")
                    .append("<p>More details follow in the <a href=\"https://bench.example/more\">full report</a>")
                    .append(", including benchmark numbers and a migration guide.</p>]]></description>");
            if (f % 2 == 0) {
                xml.append("<recap:tldr>A release that cuts latency.</recap:tldr>")
                        .append("<recap:why-it-matters>Cheaper inference for everyone.</recap:why-it-matters>")
                        .append("<recap:what-to-do-next>Benchmark it on your workload.</recap:what-to-do-next>")
                        .append("<recap:takeaway>Latency down by a third.</recap:takeaway>")
                        .append("<recap:takeaway>Prices unchanged.</recap:takeaway>")
                        .append("<recap:audience weight=\"0.8\">Developers &amp; Engineers</recap:audience>")
                        .append("<recap:audience weight=\"0.4\">Founders &amp; Investors</recap:audience>")
                        .append("<recap:importance>0.").append(1 + i % 9).append("</recap:importance>");
            }
            xml.append("</item>\n");
        }
        return xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
    }
}
