package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.Postgres;
import app.recap.support.StallableTcpProxy;
import app.recap.support.TestWorld;

/**
 * Remote partitioning for real: an embedded Artemis broker, embedded PostgreSQL and GreenMail in this JVM, the
 * manager in this JVM's Spring context, and two workers started from the built jar as separate processes. The
 * doomed worker reaches GreenMail through a {@link StallableTcpProxy}; mid-send, in the middle of one of its
 * chunks, the test stalls that proxy (the worker's next bytes never reach the relay, the reply to the last
 * message that did still arrives), gives the worker a moment to record the replies it got, kills it (SIGKILL)
 * and cuts the proxy's connections to GreenMail, which discards any half-sent message. That is "the worker died
 * while its relay connection hung", the case the per-message outcome commits make exactly-once. The manager's
 * step fails on its timeout, the job is restarted, the restart sends only the dead worker's partition, and every
 * one of the subscribers has received exactly one message and has exactly one SENT delivery. The one instant no
 * test can cover, a kill between the relay's {@code 250} and the commit of that message's row, is described in
 * "Delivery guarantees" in README.md.
 * Needs {@code target/recap-*.jar}, so it runs in the {@code cluster} Maven profile's integration-test phase,
 * after {@code package}.
 */
@SpringBootTest(properties = {"recap.cluster.mode=manager",
        "recap.mail.host=127.0.0.1", "recap.delivery.chunk-size=25",
        "recap.delivery.partitions=" + RemotePartitioningClusterTests.PARTITIONS,
        "recap.delivery.schedule-enabled=false", "recap.cluster.timeout=60s", "recap.cluster.poll-interval=500ms",
        "recap.base-url=https://recap.example"})
@Tag("database")
class RemotePartitioningClusterTests {

    private static final int SMTP_PORT = 3980;
    private static final int BROKER_PORT = 61680;
    private static final String BROKER_URL = "tcp://127.0.0.1:" + BROKER_PORT + "?consumerWindowSize=0";
    private static final int SUBSCRIBERS = 5000;
    private static final int CHUNK = 25;
    static final int PARTITIONS = 8;

    static GreenMail smtp;
    static EmbeddedActiveMQ broker;
    static String dbUrl;

    final List<Process> workers = new ArrayList<>();
    StallableTcpProxy proxy;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired DeliveryRepository deliveries;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void infrastructure() throws Exception {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        broker = new EmbeddedActiveMQ();
        broker.setConfiguration(new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + BROKER_PORT));
        broker.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> dbUrl());
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("recap.mail.port", () -> SMTP_PORT);
        registry.add("recap.cluster.broker-url", () -> BROKER_URL);
    }

    private static synchronized String dbUrl() {
        if (dbUrl == null) {
            dbUrl = Postgres.jdbcUrl("cluster");
        }
        return dbUrl;
    }

    @AfterEach
    void stopWorkers() {
        workers.forEach(Process::destroyForcibly);
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (broker != null) {
            broker.stop();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void workerKilledMidSendStillLeavesEverySubscriberWithExactlyOneMessageAfterRestart() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("cluster", SUBSCRIBERS);
        proxy = new StallableTcpProxy("127.0.0.1", SMTP_PORT);
        Process doomed = startWorker(1, proxy.port());
        Process survivor = startWorker(2, SMTP_PORT);
        awaitStarted(1);
        awaitStarted(2);

        CompletableFuture<DigestRun> first = CompletableFuture
                .supplyAsync(() -> run("cluster"));
        await(() -> smtp.getReceivedMessages().length >= 500, 300);
        // stall mid-chunk, right after the middle message of one of the doomed worker's chunks went through (its
        // partition's messages travel on one connection, in chunks of CHUNK from the partition's start): had the
        // worker recorded outcomes once per chunk, the first half of that chunk would be sent twice
        proxy.stallAfter(messages -> messages % CHUNK == CHUNK / 2 + 1);
        await(proxy::stalled, 60);
        // replies already on their way (the 250 for that last message) reach the worker, which records them;
        // then everything GreenMail holds should be in the delivery log as SENT
        Thread.sleep(1500);
        Set<String> receivedAtStall = recipients(smtp.getReceivedMessages()).keySet();
        boolean recorded = awaitQuietly(() -> sentRecipients().containsAll(receivedAtStall), 10);
        long withheld = proxy.bytesWithheld();
        doomed.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        proxy.closeUpstream();
        System.out.printf("killed worker 1 after stalling its relay connection: %d messages at GreenMail, "
                + "all recorded SENT before the kill: %s, %d bytes withheld, %d proxied connections%n",
                receivedAtStall.size(), recorded, withheld, proxy.connections());
        // the doomed worker was in the middle of an SMTP exchange: its next bytes were held back
        assertThat(withheld).as("bytes the stalled worker sent after the stall").isPositive();

        DigestRun failed = first.get(300, TimeUnit.SECONDS);

        assertThat(failed.jobStatus()).isEqualTo("FAILED");
        assertThat(failed.pending()).isPositive();
        // the survivor finishes the partitions it holds and the queued ones; the manager gave up on the dead
        // worker's partition at the timeout and marked it FAILED, so the job can be restarted. Requests are
        // acknowledged on delivery, so one the broker had already handed to the dead worker died with it too (seen
        // once in ten runs): that partition is FAILED as well and goes out again on restart like the other
        await(() -> partitions(failed.jobExecutionId(), "COMPLETED")
                + partitions(failed.jobExecutionId(), "FAILED") == PARTITIONS, 300);
        long abandoned = partitions(failed.jobExecutionId(), "FAILED");
        assertThat(abandoned).as("partitions the dead worker held").isBetween(1L, 2L);
        assertThat(partitions(failed.jobExecutionId(), "STARTED")).isZero();
        assertThat(survivor.isAlive()).isTrue();

        DigestRun resumed = run("cluster");

        assertThat(resumed.jobStatus()).isEqualTo("COMPLETED");
        assertThat(resumed.sent()).isEqualTo(SUBSCRIBERS);
        assertThat(resumed.pending()).isZero();
        // the restart sent the dead worker's partitions only, on the survivor
        assertThat(partitions(resumed.jobExecutionId(), "COMPLETED")).isEqualTo(abandoned);
        // exactly one message per subscriber at the relay, not one distinct Message-ID: no copies at all
        MimeMessage[] received = smtp.getReceivedMessages();
        Map<String, Long> perRecipient = recipients(received);
        Set<String> expected = IntStream.range(0, SUBSCRIBERS).mapToObj(i -> "cluster-reader" + i + "@example.com")
                .collect(Collectors.toSet());
        assertThat(difference(expected, perRecipient.keySet())).as("subscribers who received nothing").isEmpty();
        assertThat(difference(perRecipient.keySet(), expected)).as("recipients who are not subscribers").isEmpty();
        assertThat(where(perRecipient, count -> count != 1))
                .as("subscribers who received more than one message").isEmpty();
        assertThat(received.length).as("messages received").isEqualTo(SUBSCRIBERS);
        // and exactly one delivery per subscriber, SENT
        Map<String, List<String>> deliveryLog = jdbc.sql("""
                select u.email, d.status from delivery d
                join subscriber u on u.id = d.subscriber_id
                join edition e on e.id = d.edition_id
                join newsletter_list l on l.id = e.list_id
                where l.slug = 'cluster'""")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        assertThat(difference(expected, deliveryLog.keySet())).as("subscribers without a delivery").isEmpty();
        assertThat(where(deliveryLog, statuses -> !statuses.equals(List.of("SENT"))))
                .as("subscribers whose deliveries are not exactly one SENT").isEmpty();
        assertThat(deliveryLog.size()).as("subscribers with a delivery").isEqualTo(SUBSCRIBERS);
    }

    private static <V> Map<String, V> where(Map<String, V> map, Predicate<V> condition) {
        return map.entrySet().stream().filter(e -> condition.test(e.getValue()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private Set<String> sentRecipients() {
        return new HashSet<>(jdbc.sql("""
                select u.email from delivery d join subscriber u on u.id = d.subscriber_id
                where d.status = 'SENT'""").query(String.class).list());
    }

    private static Map<String, Long> recipients(MimeMessage[] messages) {
        return Stream.of(messages).collect(Collectors.groupingBy(RemotePartitioningClusterTests::recipient,
                Collectors.counting()));
    }

    private DigestRun run(String list) {
        try {
            return weeklyDigest.run(list, IsoWeek.parse(TestWorld.WEEK));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long partitions(long jobExecutionId, String status) {
        return jdbc.sql("""
                select count(*) from batch_step_execution
                where job_execution_id = :id and step_name like 'sendPartition:%' and status = :status""")
                .param("id", jobExecutionId).param("status", status).query(Long.class).single();
    }

    private Process startWorker(int n, int smtpPort) throws IOException {
        Path log = Path.of("target", "cluster-worker-" + n + ".log");
        Path dataDir = Files.createTempDirectory("recap-cluster-w" + n);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar().toString(),
                "--server.address=127.0.0.1", "--server.port=" + (1880 + n),
                "--recap.data-dir=" + dataDir.toAbsolutePath());
        ProcessBuilder worker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // configured as compose.yaml configures its workers: the production profiles and environment variables
        worker.environment().putAll(Map.of(
                "SPRING_PROFILES_ACTIVE", "postgres,worker",
                "RECAP_DB_URL", dbUrl(), "RECAP_DB_USER", "postgres", "RECAP_DB_PASSWORD", "postgres",
                "RECAP_BROKER_URL", BROKER_URL,
                "RECAP_MAIL_HOST", "127.0.0.1", "RECAP_MAIL_PORT", String.valueOf(smtpPort),
                "RECAP_DELIVERY_CHUNK_SIZE", String.valueOf(CHUNK), "RECAP_BASE_URL", "https://recap.example",
                "RECAP_CLUSTER_CONCURRENCY", "1"));
        Process process = worker.start();
        workers.add(process);
        return process;
    }

    private static Path jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("recap-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/recap-*.jar: run with ./mvnw -Pcluster verify (the jar is built by package)"));
        }
    }

    private void awaitStarted(int n) throws Exception {
        File log = Path.of("target", "cluster-worker-" + n + ".log").toFile();
        await(() -> {
            try {
                return log.exists() && Files.readString(log.toPath()).contains("Started RecapApplication");
            } catch (IOException e) {
                return false;
            }
        }, 240);
    }

    /** Waits for the condition at most this long and says whether it came true. */
    private static boolean awaitQuietly(BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    private static void await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + seconds + "s");
            }
            Thread.sleep(250);
        }
    }

    private static String recipient(MimeMessage message) {
        try {
            return ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
