package app.recap.delivery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.stereotype.Service;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.delivery.smtp.MailConnections;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.lock.NodeLocks;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Runs the weekly digest job for a list and week, restarting it if an earlier run failed; one run per list at a
 * time across every node (the {@value #LOCK_PREFIX}{list id} lock).
 */
@Service
public class WeeklyDigest {

    /** Prefix of the cluster-wide lock a list's runs hold. */
    static final String LOCK_PREFIX = "send-list-";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WeeklyDigest.class);

    private final JobOperator operator;
    private final Job job;
    private final ListRepository lists;
    private final EditionRepository editions;
    private final DeliveryRepository deliveries;
    private final AudienceRepository audiences;
    private final MailConnections connections;
    private final NodeLocks locks;
    private final EditionBuilder builder;
    private final StaleRuns staleRuns;
    private final java.time.Clock clock;

    WeeklyDigest(JobOperator operator, Job weeklyDigestJob, ListRepository lists, EditionRepository editions,
            DeliveryRepository deliveries, AudienceRepository audiences, MailConnections connections,
            NodeLocks locks, EditionBuilder builder, StaleRuns staleRuns, java.time.Clock clock) {
        this.locks = locks;
        this.builder = builder;
        this.staleRuns = staleRuns;
        this.clock = clock;
        this.operator = operator;
        this.job = weeklyDigestJob;
        this.lists = lists;
        this.editions = editions;
        this.deliveries = deliveries;
        this.audiences = audiences;
        this.connections = connections;
    }

    public static JobParameters parameters(String listSlug, IsoWeek week) {
        return WeeklyDigestContexts.parameters(listSlug, week);
    }

    /** A follow-up run of an edition's job, a separate job instance named by {@code run}. */
    static JobParameters followUp(String listSlug, IsoWeek week, String run) {
        return new JobParametersBuilder(parameters(listSlug, week)).addString("run", run).toJobParameters();
    }

    /**
     * Runs (or resumes) the job and reports the edition's state. A list and week whose job already completed
     * is not run again; the report then describes the earlier run's result.
     *
     * @throws IllegalArgumentException for an unknown list
     */
    public DigestRun run(String listSlug, IsoWeek week) throws Exception {
        return launch(listSlug, week, parameters(listSlug, week));
    }

    /**
     * Runs the edition now on an admin's request: like {@link #run}, but when the (list, week) job already
     * completed (a week skipped as thin, then filled), a follow-up run of its own collects, ranks and decides
     * again instead of answering ALREADY_COMPLETE. A sent edition is still not sent twice: its send step finds
     * nothing due.
     */
    public DigestRun sendNow(String listSlug, IsoWeek week) throws Exception {
        NewsletterList list = list(listSlug);
        try (RunLocks held = lock(list, week)) {
            try {
                JobExecution execution = startOrResume(listSlug, week, parameters(listSlug, week));
                return report(list, week, execution.getId(), execution.getStatus().name());
            } catch (JobInstanceAlreadyCompleteException done) {
                return start(list, week, followUp(listSlug, week, "send-" + clock.millis()));
            }
        }
    }

    /**
     * Puts the edition's failed deliveries back to pending (after an admin fixed the cause) and sends them, and
     * nothing else, in a new run.
     *
     * @throws IllegalArgumentException for an unknown list or an edition that does not exist
     */
    public DigestRun resendFailed(String listSlug, IsoWeek week) throws Exception {
        NewsletterList list = list(listSlug);
        Edition edition = editions.find(list.id(), week)
                .orElseThrow(() -> new IllegalArgumentException("list " + listSlug + " has no edition for " + week));
        try (RunLocks held = lock(list, week)) {
            int reopened = deliveries.reopenFailed(edition.id());
            log.info("edition {} of list {} week {} re-sending failed deliveries count={}", edition.id(), listSlug,
                    week, reopened);
            return start(list, week, followUp(listSlug, week, "resend-" + clock.millis()));
        }
    }

    /** Sends what is pending and due now in an edition already being sent (later time-zone slots, deferrals). */
    DigestRun continueSending(String listSlug, IsoWeek week, String slot) throws Exception {
        return launch(listSlug, week, followUp(listSlug, week, slot));
    }

    private DigestRun launch(String listSlug, IsoWeek week, JobParameters parameters) throws Exception {
        NewsletterList list = list(listSlug);
        try (RunLocks held = lock(list, week)) {
            return start(list, week, parameters);
        }
    }

    /**
     * One run per list at a time across all nodes: the job repository alone does not guarantee it (two starts in
     * the same instant can both create, or trip over, the job instance), and a follow-up run is a different
     * instance that must not send beside the main one.
     */
    private RunLocks lock(NewsletterList list, IsoWeek week) throws AlreadyRunning, InterruptedException {
        Optional<SimpleLock> held = locks.tryLock(LOCK_PREFIX + list.id());
        if (held.isEmpty()) {
            throw new AlreadyRunning(list.slug(), week, null);
        }
        SimpleLock run = held.get();
        try {
            // previews must not rebuild the edition between the run's ranking and its decision to send it
            EditionBuilder.RunHold builds = builder.holdForRun(list, week);
            return () -> {
                try {
                    builds.close();
                } finally {
                    run.unlock();
                }
            };
        } catch (RuntimeException | InterruptedException e) {
            run.unlock();
            throw e;
        }
    }

    /** The locks a run holds: the list's run lock and its hold on building the week's edition. */
    private interface RunLocks extends AutoCloseable {

        @Override
        void close();
    }

    private DigestRun start(NewsletterList list, IsoWeek week, JobParameters parameters) throws Exception {
        try {
            JobExecution execution = startOrResume(list.slug(), week, parameters);
            return report(list, week, execution.getId(), execution.getStatus().name());
        } catch (JobInstanceAlreadyCompleteException done) {
            return report(list, week, -1, "ALREADY_COMPLETE");
        }
    }

    /** Starts the job; an execution a dead node left running is marked FAILED first, so it resumes. */
    private JobExecution startOrResume(String listSlug, IsoWeek week, JobParameters parameters) throws Exception {
        try {
            return operator.start(job, parameters);
        } catch (JobExecutionAlreadyRunningException running) {
            JobExecution stale = staleRuns.abandonedByDeadNode(job.getName(), parameters)
                    .orElseThrow(() -> new AlreadyRunning(listSlug, week, running));
            log.warn("list {} week {}: execution {} was left {} by a node that stopped; marking it FAILED and resuming",
                    listSlug, week, stale.getId(), stale.getStatus());
            operator.recover(stale);
            return operator.start(job, parameters);
        }
    }

    /** Another start of the same job (list, week and run) is going, on this node or another. */
    public static final class AlreadyRunning extends Exception {

        AlreadyRunning(String listSlug, IsoWeek week, Exception cause) {
            super("list " + listSlug + " week " + week + " is already being sent (by this or another node; a node that"
                    + " stopped mid-run holds it until recap.locks.lease has passed)", cause);
        }
    }

    /** The edition's state without running anything. */
    public DigestRun status(String listSlug, IsoWeek week) {
        return report(list(listSlug), week, -1, "NOT_RUN");
    }

    private NewsletterList list(String listSlug) {
        return lists.findBySlug(listSlug)
                .orElseThrow(() -> new IllegalArgumentException("no list with slug " + listSlug));
    }

    private DigestRun report(NewsletterList list, IsoWeek week, long executionId, String jobStatus) {
        Edition edition = editions.find(list.id(), week).orElse(null);
        Map<String, Integer> perAudience = new LinkedHashMap<>();
        if (edition == null) {
            return new DigestRun(list.slug(), week.toString(), executionId, jobStatus, "NONE", 0, perAudience, 0, 0, 0,
                    0, connections.describe());
        }
        Map<Long, String> slugs = new LinkedHashMap<>();
        for (Audience a : audiences.findAll()) {
            slugs.put(a.id(), a.slug());
        }
        editions.ranking(edition.id()).forEach((audienceId, ranked) -> perAudience
                .put(slugs.getOrDefault(audienceId, String.valueOf(audienceId)), ranked.size()));
        var counts = deliveries.counts(edition.id());
        return new DigestRun(list.slug(), week.toString(), executionId, jobStatus, edition.status().name(),
                edition.storyCount(), perAudience, counts.get(DeliveryStatus.SENT), counts.get(DeliveryStatus.FAILED),
                counts.get(DeliveryStatus.SKIPPED), counts.get(DeliveryStatus.PENDING), connections.describe());
    }
}
