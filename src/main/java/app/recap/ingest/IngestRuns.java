package app.recap.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.stereotype.Service;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.lock.NodeLocks;

/**
 * Starts the ingest job over every due feed and reports what it did; one run at a time across all nodes (a run
 * while another holds the {@value #LOCK} lock is refused, not queued).
 */
@Service
public class IngestRuns {

    /** The cluster-wide lock every ingest run holds. */
    public static final String LOCK = "ingest";

    private static final Logger log = LoggerFactory.getLogger(IngestRuns.class);

    private final JobOperator operator;
    private final Job job;
    private final NodeLocks locks;
    private final Clock clock;

    IngestRuns(JobOperator operator, Job ingestJob, NodeLocks locks, Clock clock) {
        this.operator = operator;
        this.job = ingestJob;
        this.locks = locks;
        this.clock = clock;
    }

    /**
     * Runs the job now, in the calling thread, over the enabled feeds that are not waiting out a back-off.
     *
     * @throws AlreadyRunning when another run, on this node or another, is going
     * @throws Exception       when the job could not be started at all (e.g. the job repository is unreachable)
     */
    public IngestRun run() throws Exception {
        SimpleLock held = locks.tryLock(LOCK).orElseThrow(AlreadyRunning::new);
        try {
            return runLocked();
        } finally {
            held.unlock();
        }
    }

    private IngestRun runLocked() throws Exception {
        Instant runAt = clock.instant();
        long started = System.nanoTime();
        JobExecution execution = operator.start(job, new JobParametersBuilder()
                .addString(IngestJobConfiguration.RUN_AT, runAt.toString())
                // two runs in the same instant (an admin's and the schedule's) are still two instances
                .addString("runId", UUID.randomUUID().toString())
                .toJobParameters());
        int feeds = 0;
        int failed = 0;
        int items = 0;
        int created = 0;
        for (StepExecution step : execution.getStepExecutions()) {
            if (!step.getStepName().equals(IngestJobConfiguration.FETCH_STEP)) {
                continue; // the enrichStories step reads stories, not feeds
            }
            ExecutionContext totals = step.getExecutionContext();
            feeds += (int) step.getReadCount();
            failed += totals.getInt(IngestJobConfiguration.FEEDS_FAILED, 0);
            items += totals.getInt(IngestJobConfiguration.ITEMS_SEEN, 0);
            created += totals.getInt(IngestJobConfiguration.NEW_STORIES, 0);
        }
        IngestRun run = new IngestRun(execution.getId(), execution.getStatus().name(), feeds, failed, items, created,
                Duration.ofNanos(System.nanoTime() - started));
        log.info(run.summary());
        return run;
    }

    /** Another ingest run holds the lock. */
    public static final class AlreadyRunning extends IllegalStateException {

        AlreadyRunning() {
            super("Another ingest run is going (on this or another node); this one was not started. "
                    + "Try again when it has finished (a node that stopped mid-run holds it until recap.locks.lease has"
                    + " passed).");
        }
    }
}
