package app.recap.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.RecapApplication;
import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.Postgres;
import app.recap.support.TestWorld;

/**
 * The cluster benchmark behind {@code bench/cluster}: embedded PostgreSQL, Artemis and GreenMail (emptied as
 * messages arrive), a manager in this JVM, and for each worker count in {@code BENCH_WORKERS} (default 1,2,3) that
 * many worker processes from {@code target/recap-*.jar} sending one edition to {@code BENCH_SUBSCRIBERS}
 * (default 5000) subscribers. Prints one {@code BENCH ...} line per worker count, timed over the send step only
 * (worker start-up excluded). Not a test: surefire never runs it.
 */
public final class ClusterBenchmark {

    private static final int SMTP_PORT = 3989;
    private static final int BROKER_PORT = 61689;

    /** Every worker process started, stopped when the benchmark ends, however it ends. */
    private static final List<Process> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
        try {
            run();
            System.exit(0);
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        int subscribers = Integer.parseInt(System.getenv().getOrDefault("BENCH_SUBSCRIBERS", "5000"));
        String[] counts = System.getenv().getOrDefault("BENCH_WORKERS", "1,2,3").split(",");
        String partitions = System.getenv().getOrDefault("BENCH_PARTITIONS", "12");
        GreenMail smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Thread purger = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(200);
                    smtp.purgeEmailFromAllMailboxes();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception ignored) {
                    // purge again next time
                }
            }
        }, "greenmail-purger");
        purger.setDaemon(true);
        purger.start();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + BROKER_PORT));
        broker.start();
        String brokerUrl = "tcp://127.0.0.1:" + BROKER_PORT + "?consumerWindowSize=0";
        String db = Postgres.jdbcUrl("cluster_bench");
        Path dataDir = Files.createTempDirectory("recap-cluster-bench");
        ConfigurableApplicationContext manager = new SpringApplicationBuilder(RecapApplication.class)
                // command-line arguments: they outrank application.yml, default properties do not
                .run("--recap.cluster.mode=manager", "--recap.cluster.broker-url=" + brokerUrl,
                        "--recap.cluster.poll-interval=200ms", "--recap.delivery.partitions=" + partitions,
                        "--recap.delivery.schedule-enabled=false", "--recap.mail.host=127.0.0.1",
                        "--recap.mail.port=" + SMTP_PORT, "--spring.datasource.url=" + db,
                        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
                        "--server.port=1889", "--server.address=127.0.0.1", "--recap.data-dir=" + dataDir,
                        "--logging.level.root=warn");
        TestWorld world = new TestWorld(manager.getBean(AudienceRepository.class), manager.getBean(ListRepository.class),
                manager.getBean(SubscriberRepository.class), manager.getBean(StoryRepository.class)).withStories();
        WeeklyDigest digest = manager.getBean(WeeklyDigest.class);
        JdbcClient jdbc = manager.getBean(JdbcClient.class);
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("recap-.*\\.jar")).findFirst().orElseThrow();
        }
        for (String count : counts) {
            int workers = Integer.parseInt(count.strip());
            String slug = "bench-" + workers;
            world.listWithSubscribers(slug, subscribers);
            List<Process> processes = new ArrayList<>();
            for (int n = 1; n <= workers; n++) {
                Path log = Path.of("target", "cluster-bench-worker-" + n + ".log");
                processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx384m", "-jar", jar.toString(), "--spring.profiles.active=worker",
                        "--server.address=127.0.0.1", "--server.port=" + (1880 + n),
                        "--recap.data-dir=" + Files.createTempDirectory("recap-bench-w" + n),
                        "--spring.datasource.url=" + db, "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres", "--recap.mail.host=127.0.0.1",
                        "--recap.mail.port=" + SMTP_PORT, "--recap.cluster.broker-url=" + brokerUrl)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start());
                started.add(processes.get(processes.size() - 1));
                long end = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                while (!Files.exists(log) || !Files.readString(log).contains("Started RecapApplication")) {
                    if (System.nanoTime() > end) {
                        throw new IllegalStateException("worker " + n + " did not start, see " + log);
                    }
                    Thread.sleep(250);
                }
            }
            DigestRun run = digest.run(slug, IsoWeek.parse(TestWorld.WEEK));
            var step = jdbc.sql("""
                    select start_time, end_time from batch_step_execution
                    where job_execution_id = :id and step_name = 'sendDigest'""").param("id", run.jobExecutionId())
                    .query((rs, i) -> Duration.between(rs.getObject(1, LocalDateTime.class),
                            rs.getObject(2, LocalDateTime.class))).single();
            System.out.printf(Locale.ROOT, "BENCH workers=%d subscribers=%d partitions=%s job=%s sent=%d seconds=%.1f"
                    + " messages_per_second=%.0f%n", workers, subscribers, partitions, run.jobStatus(), run.sent(),
                    step.toMillis() / 1000.0, run.sent() * 1000.0 / Math.max(1, step.toMillis()));
            for (Process p : processes) {
                p.destroy();
                p.waitFor();
            }
        }
        manager.close();
        broker.stop();
        purger.interrupt();
        smtp.stop();
    }
}
