package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.lock.NodeLocks;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.ScriptedSmtpServer;
import app.recap.support.TestWorld;

/**
 * Two nodes start the same list's weekly job at the same moment (two schedulers, or a schedule racing an admin's
 * click; here two threads sharing the database, which is all nodes share): the job repository lets one run and
 * refuses the other, and every subscriber gets one message.
 */
@SpringBootTest(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=3943", "recap.delivery.chunk-size=10",
        "spring.datasource.url=jdbc:h2:mem:concurrent-runs;DB_CLOSE_DELAY=-1"})
@Tag("database")
class ConcurrentRunsTests {

    static final int SUBSCRIBERS = 120;
    static ScriptedSmtpServer relay;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired NodeLocks locks;
    @Autowired JobRepository jobs;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = new ScriptedSmtpServer(3943);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @Test
    void whileAnotherNodeSendsAListNoRunOfThatListStarts() throws Exception {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories()
                .listWithSubscribers("held", 10);
        IsoWeek week = IsoWeek.parse(TestWorld.WEEK);
        SimpleLock otherNode = locks.tryLock(WeeklyDigest.LOCK_PREFIX + list.id()).orElseThrow();

        assertThatThrownBy(() -> weeklyDigest.run("held", week)).isInstanceOf(WeeklyDigest.AlreadyRunning.class)
                .hasMessageStartingWith("list held week 2026-W48 is already being sent (by this or another node");
        assertThat(weeklyDigest.status("held", week).editionStatus()).isEqualTo("NONE");

        otherNode.unlock();
        assertThat(weeklyDigest.run("held", week).sent()).isEqualTo(10);
    }

    @Test
    void aRunLeftStartedByANodeThatDiedIsMarkedFailedAndResumed() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("orphan", 10);
        IsoWeek week = IsoWeek.parse(TestWorld.WEEK);
        // what a node killed right after starting the job leaves behind: an execution STARTED for ever
        JobParameters parameters = WeeklyDigest.parameters("orphan", week);
        JobExecution orphan = jobs.createJobExecution(jobs.createJobInstance("weeklyDigestJob", parameters),
                parameters, new ExecutionContext());
        orphan.setStatus(BatchStatus.STARTED);
        orphan.setStartTime(LocalDateTime.now());
        jobs.update(orphan);

        DigestRun run = weeklyDigest.run("orphan", week);

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        assertThat(run.sent()).isEqualTo(10);
        assertThat(jobs.getJobExecution(orphan.getId()).getStatus()).isEqualTo(BatchStatus.FAILED);
    }

    @Test
    void twoStartsOfTheSameEditionAtOnceSendEachSubscriberOneMessage() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("race", SUBSCRIBERS);
        IsoWeek week = IsoWeek.parse(TestWorld.WEEK);
        CyclicBarrier together = new CyclicBarrier(2);
        Callable<DigestRun> node = () -> {
            together.await(10, TimeUnit.SECONDS);
            return weeklyDigest.run("race", week);
        };
        ExecutorService nodes = Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();
        try {
            for (Future<DigestRun> f : List.of(nodes.submit(node), nodes.submit(node))) {
                try {
                    outcomes.add(f.get(120, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException refused) {
                    outcomes.add(refused.getCause());
                }
            }
        } finally {
            nodes.shutdownNow();
        }

        // one start ran the job; the other was refused (already running) or found it complete
        List<DigestRun> ran = outcomes.stream().filter(DigestRun.class::isInstance).map(DigestRun.class::cast)
                .filter(r -> r.jobStatus().equals("COMPLETED")).toList();
        assertThat(ran).as("outcomes %s", outcomes).hasSize(1);
        assertThat(ran.get(0).sent()).isEqualTo(SUBSCRIBERS);
        Object other = outcomes.get(outcomes.get(0) == ran.get(0) ? 1 : 0);
        if (other instanceof DigestRun run) {
            assertThat(run.jobStatus()).isEqualTo("ALREADY_COMPLETE");
        } else {
            assertThat(other).as("the refused start").isInstanceOf(WeeklyDigest.AlreadyRunning.class);
        }
        Map<String, Long> perRecipient = relay.accepted().stream().filter(a -> a.recipient().startsWith("race-"))
                .collect(Collectors.groupingBy(ScriptedSmtpServer.Accepted::recipient, Collectors.counting()));
        assertThat(perRecipient).hasSize(SUBSCRIBERS).allSatisfy((address, count) -> assertThat(count).as(address)
                .isEqualTo(1));
    }
}
