package app.recap.admin.editions;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.delivery.DeliveryRepository;
import app.recap.delivery.DeliveryStatus;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Runs the weekly job on request ("run now", one at a time, in the background) and reads its history from Spring
 * Batch's job repository, with each edition's delivery counts, so a running send shows its progress.
 */
@Service
public class EditionRuns {

    private static final Logger log = LoggerFactory.getLogger(EditionRuns.class);
    static final String JOB_NAME = "weeklyDigestJob";

    /** One step of a run, with Spring Batch's counts. */
    record StepView(String name, String status, long read, long written, long skipped) {
    }

    /** One execution of the weekly job. */
    record RunView(long executionId, String list, String week, String status, String exitCode, Instant startedAt,
            Instant endedAt, List<StepView> steps, String editionStatus, Map<DeliveryStatus, Long> deliveries) {

        public boolean running() {
            return "STARTED".equals(status) || "STARTING".equals(status) || "STOPPING".equals(status);
        }
    }

    private final JobRepository jobs;
    private final WeeklyDigest weeklyDigest;
    private final ListRepository lists;
    private final EditionRepository editions;
    private final DeliveryRepository deliveries;
    private final AuditLog audit;
    private final TaskExecutor runner;

    EditionRuns(JobRepository jobs, WeeklyDigest weeklyDigest, ListRepository lists, EditionRepository editions,
            DeliveryRepository deliveries, AuditLog audit, @Qualifier("runNowThread") TaskExecutor runner) {
        this.jobs = jobs;
        this.weeklyDigest = weeklyDigest;
        this.lists = lists;
        this.editions = editions;
        this.deliveries = deliveries;
        this.audit = audit;
        this.runner = runner;
    }

    /** Starts (or resumes) the weekly job for a list and week in the background. */
    void runNow(String listSlug, String week) {
        NewsletterList list = lists.findBySlug(listSlug).orElseThrow(() -> AdminProblem.notFound("list " + listSlug));
        IsoWeek isoWeek;
        try {
            isoWeek = IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", e.getMessage());
        }
        if (list.archived()) {
            throw AdminProblem.conflict("The list " + listSlug + " is archived; restore it before sending.");
        }
        audit.record("edition.run", "list", listSlug, "week=" + isoWeek);
        runner.execute(() -> {
            try {
                log.info(weeklyDigest.run(list.slug(), isoWeek).summary());
            } catch (WeeklyDigest.AlreadyRunning e) {
                log.info("run now: {}", e.getMessage());
            } catch (Exception e) {
                log.error("run now of list {} week {} failed", list.slug(), isoWeek, e);
            }
        });
    }

    /** The latest runs, newest first, optionally of one list only. */
    public List<RunView> history(String listSlug, int limit) {
        List<RunView> runs = new ArrayList<>();
        // instances are few per list and week; read a generous window and filter
        for (JobInstance instance : jobs.getJobInstances(JOB_NAME, 0, limit * 4)) {
            for (JobExecution execution : jobs.getJobExecutions(instance)) {
                String list = execution.getJobParameters().getString("list");
                if (listSlug == null || listSlug.equals(list)) {
                    runs.add(view(execution));
                }
            }
        }
        runs.sort(Comparator.comparingLong(RunView::executionId).reversed());
        return runs.size() > limit ? runs.subList(0, limit) : runs;
    }

    private RunView view(JobExecution execution) {
        String listSlug = execution.getJobParameters().getString("list");
        String week = execution.getJobParameters().getString("week");
        List<StepView> steps = execution.getStepExecutions().stream()
                .sorted(Comparator.comparingLong(StepExecution::getId))
                .map(s -> new StepView(s.getStepName(), s.getStatus().name(), s.getReadCount(), s.getWriteCount(),
                        s.getSkipCount()))
                .toList();
        String editionStatus = null;
        Map<DeliveryStatus, Long> counts = Map.of();
        Optional<NewsletterList> list = lists.findBySlug(listSlug);
        if (list.isPresent()) {
            try {
                var edition = editions.find(list.get().id(), IsoWeek.parse(week));
                if (edition.isPresent()) {
                    editionStatus = edition.get().status().name();
                    counts = deliveries.counts(edition.get().id());
                }
            } catch (IllegalArgumentException ignored) {
                // a run with a malformed week parameter never got an edition
            }
        }
        return new RunView(execution.getId(), listSlug, week, execution.getStatus().name(),
                execution.getExitStatus().getExitCode(), instant(execution.getStartTime()),
                instant(execution.getEndTime()), steps, editionStatus, counts);
    }

    private static Instant instant(LocalDateTime time) {
        // Spring Batch stores local date-times of the JVM's zone
        return time == null ? null : time.atZone(ZoneId.systemDefault()).toInstant();
    }
}
