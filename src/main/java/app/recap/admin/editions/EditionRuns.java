package app.recap.admin.editions;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;


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
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.SendDecision;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;

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
    private final EditionBuilder builder;
    private final SubscriberRepository subscribers;
    private final Clock clock;
    /** Runs accepted on this node and not finished yet, "list/week": the job repository knows them only once they start. */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    EditionRuns(JobRepository jobs, WeeklyDigest weeklyDigest, ListRepository lists, EditionRepository editions,
            DeliveryRepository deliveries, AuditLog audit, @Qualifier("runNowThread") TaskExecutor runner,
            EditionBuilder builder, SubscriberRepository subscribers, Clock clock) {
        this.builder = builder;
        this.subscribers = subscribers;
        this.clock = clock;
        this.jobs = jobs;
        this.weeklyDigest = weeklyDigest;
        this.lists = lists;
        this.editions = editions;
        this.deliveries = deliveries;
        this.audit = audit;
        this.runner = runner;
    }

    /** What "run now" would do with an edition: send it for the first time, or go on sending it. */
    enum RunKind {
        /** Collect, rank and, the edition being worth it, send to every active subscriber. */
        SEND,
        /** Deliveries were prepared before (an interrupted send): send those still pending and due. */
        RESUME
    }

    /**
     * What a run started now would do, checked before it starts.
     *
     * @param reach   the subscribers it sends to (for a resume: the deliveries still due)
     * @param stories the stories the edition holds
     */
    record RunPlan(String list, String week, RunKind kind, long reach, int stories) {
    }

    /**
     * Checks that a run of the list's edition for the week would send something, and says what: an edition already
     * sent, being sent (by this node or another, or queued here), whose remaining deliveries wait for a later time
     * zone, not worth sending (a thin week: the reason) or reaching nobody is refused with the reason, as a 409.
     * Building a not yet frozen edition (collecting and ranking the week's stories, as a preview does) is part of the
     * check, so a week that was skipped as thin and has since been filled is judged on its stories now.
     */
    RunPlan plan(String listSlug, String week) {
        NewsletterList list = lists.findBySlug(listSlug).orElseThrow(() -> AdminProblem.notFound("list " + listSlug));
        IsoWeek isoWeek = parseWeek(week);
        if (list.archived()) {
            throw AdminProblem.conflict("The list " + listSlug + " is archived; restore it before sending.");
        }
        String running = runningNow(list, isoWeek);
        if (running != null) {
            throw AdminProblem.conflict(running);
        }
        Optional<Edition> found = editions.find(list.id(), isoWeek);
        if (found.isPresent() && found.get().status().contentFrozen()) {
            Edition edition = found.get();
            Map<DeliveryStatus, Long> counts = deliveries.counts(edition.id());
            long sent = counts.get(DeliveryStatus.SENT);
            long failed = counts.get(DeliveryStatus.FAILED);
            long due = deliveries.countDue(edition.id(), clock.instant());
            long pending = counts.get(DeliveryStatus.PENDING);
            if (edition.status() == EditionStatus.SENT && due == 0) {
                throw AdminProblem.conflict("The edition " + listSlug + " " + isoWeek + " was already sent (" + sent
                        + " sent, " + failed + " failed); an edition is never sent twice."
                        + (failed > 0 ? " Resend the failed deliveries instead." : ""));
            }
            if (due == 0) {
                throw AdminProblem.conflict("The edition " + listSlug + " " + isoWeek + " is being sent: " + sent
                        + " sent, " + pending + " waiting for their time-zone slot, which the schedule sends.");
            }
            return new RunPlan(list.slug(), isoWeek.toString(), RunKind.RESUME, due, edition.storyCount());
        }
        Edition edition = rebuild(list, isoWeek);
        SendDecision decision = builder.sendable(edition);
        if (!decision.sendable()) {
            if (found.isPresent() && found.get().status() == EditionStatus.SKIPPED) {
                // still thin: it stays skipped, with today's reason
                editions.setStatus(edition.id(), EditionStatus.SKIPPED, decision.reason(), clock.instant());
            }
            throw AdminProblem.conflict("The edition " + listSlug + " " + isoWeek + " would not be sent: "
                    + decision.reason() + ". Add stories, then run it again.");
        }
        long reach = subscribers.reachByAudienceKey(list.id(), clock.instant()).values().stream()
                .mapToLong(Long::longValue).sum();
        if (reach == 0) {
            throw AdminProblem.conflict("The list " + listSlug + " has no active subscriber; nothing would be sent.");
        }
        return new RunPlan(list.slug(), isoWeek.toString(), RunKind.SEND, reach, edition.storyCount());
    }

    /**
     * Starts (or resumes) sending the list's edition for the week in the background, once {@link #plan} found that
     * it sends something; refused (409) with the reason otherwise.
     */
    RunPlan runNow(String listSlug, String week) {
        RunPlan plan = plan(listSlug, week);
        String key = plan.list() + "/" + plan.week();
        if (!queued.add(key)) {
            throw AdminProblem.conflict("A run of " + key + " was just started and is waiting for its turn.");
        }
        audit.record("edition.run", "list", listSlug, "week=" + plan.week() + " " + plan.kind().name().toLowerCase()
                + " reach=" + plan.reach());
        IsoWeek isoWeek = IsoWeek.parse(plan.week());
        try {
            runner.execute(() -> {
                try {
                    log.info(weeklyDigest.sendNow(plan.list(), isoWeek).summary());
                } catch (WeeklyDigest.AlreadyRunning e) {
                    log.info("run now: {}", e.getMessage());
                } catch (Exception e) {
                    log.error("run now of list {} week {} failed", plan.list(), isoWeek, e);
                } finally {
                    queued.remove(key);
                }
            });
        } catch (RuntimeException refused) {
            queued.remove(key);
            throw refused;
        }
        return plan;
    }

    /**
     * Collects and ranks the week's stories again (stories that arrived since count now; an editor's pins and
     * drops are kept), for an edition whose content is not frozen; a SKIPPED edition is open again afterwards,
     * and is sent or skipped anew by the next run.
     *
     * @throws AdminProblem 409 when the edition is being sent or was sent, or a run of it is going
     */
    Edition rebuild(NewsletterList list, IsoWeek week) {
        Optional<Edition> found = editions.find(list.id(), week);
        if (found.isPresent() && found.get().status().contentFrozen()) {
            throw AdminProblem.conflict("The edition " + list.slug() + " " + week + " is " + found.get().status()
                    .name().toLowerCase() + "; its content is frozen and cannot be built again.");
        }
        return builder.rebuildUnlessRunning(list, week).orElseThrow(() -> AdminProblem.conflict("A run of "
                + list.slug() + " " + week + " is building or sending it now; wait for it to finish."));
    }

    /**
     * Puts the edition's failed deliveries back to pending and sends them, in the background; refused (409) when
     * none failed or the list is being sent.
     */
    RunPlan resendFailed(String listSlug, String week) {
        NewsletterList list = lists.findBySlug(listSlug).orElseThrow(() -> AdminProblem.notFound("list " + listSlug));
        IsoWeek isoWeek = parseWeek(week);
        Edition edition = editions.find(list.id(), isoWeek)
                .orElseThrow(() -> AdminProblem.notFound("edition " + listSlug + " " + isoWeek));
        String running = runningNow(list, isoWeek);
        if (running != null) {
            throw AdminProblem.conflict(running);
        }
        long failed = deliveries.counts(edition.id()).get(DeliveryStatus.FAILED);
        if (failed == 0) {
            throw AdminProblem.conflict("No delivery of " + listSlug + " " + isoWeek + " failed; nothing to resend.");
        }
        String key = list.slug() + "/" + isoWeek;
        if (!queued.add(key)) {
            throw AdminProblem.conflict("A run of " + key + " was just started and is waiting for its turn.");
        }
        audit.record("edition.resend-failed", "list", listSlug, "week=" + isoWeek + " failed=" + failed);
        try {
            runner.execute(() -> {
                try {
                    log.info(weeklyDigest.resendFailed(list.slug(), isoWeek).summary());
                } catch (WeeklyDigest.AlreadyRunning e) {
                    log.info("re-send: {}", e.getMessage());
                } catch (Exception e) {
                    log.error("re-sending list {} week {} failed", list.slug(), isoWeek, e);
                } finally {
                    queued.remove(key);
                }
            });
        } catch (RuntimeException refused) {
            queued.remove(key);
            throw refused;
        }
        return new RunPlan(list.slug(), isoWeek.toString(), RunKind.RESUME, failed, edition.storyCount());
    }

    /** Why the list cannot be run now because a run of it is going or queued; null when none is. */
    String runningNow(NewsletterList list, IsoWeek week) {
        if (queued.contains(list.slug() + "/" + week)) {
            return "A run of " + list.slug() + " " + week + " was just started and is waiting for its turn.";
        }
        for (JobExecution execution : jobs.findRunningJobExecutions(JOB_NAME)) {
            if (list.slug().equals(execution.getJobParameters().getString("list"))) {
                return "The list " + list.slug() + " is being sent now (week "
                        + execution.getJobParameters().getString("week") + ", run " + execution.getId()
                        + "); one run per list at a time.";
            }
        }
        return null;
    }

    private static IsoWeek parseWeek(String week) {
        try {
            return IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", e.getMessage());
        }
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
