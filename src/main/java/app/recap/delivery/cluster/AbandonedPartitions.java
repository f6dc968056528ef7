package app.recap.delivery.cluster;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * When the manager's send step fails (a worker died, so its partition never finished within the timeout), marks
 * the partitions no worker reported finished as FAILED. Spring Batch refuses to restart a job that still has a
 * running step execution; marked FAILED, exactly those partitions are dispatched again on restart. A worker that
 * was only slow loses its partition at its next chunk (its step execution's version changed), so at most one
 * chunk overlaps with the worker that takes it over, and the delivery log's PENDING filter covers the rest.
 */
final class AbandonedPartitions implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(AbandonedPartitions.class);

    private final JobRepository jobs;
    private final String partitionStep;
    private final Clock clock;

    AbandonedPartitions(JobRepository jobs, String partitionStep, Clock clock) {
        this.jobs = jobs;
        this.partitionStep = partitionStep;
        this.clock = clock;
    }

    @Override
    public ExitStatus afterStep(StepExecution manager) {
        if (manager.getStatus() == BatchStatus.COMPLETED) {
            return null;
        }
        var execution = jobs.getJobExecution(manager.getJobExecutionId());
        for (StepExecution partition : execution.getStepExecutions()) {
            if (partition.getStepName().startsWith(partitionStep + ":") && partition.getStatus().isRunning()) {
                partition.setStatus(BatchStatus.FAILED);
                partition.setExitStatus(ExitStatus.FAILED.addExitDescription(
                        "no worker finished this partition before the manager's timeout"));
                // Spring Batch keeps its own times as local date-times of the system zone
                partition.setEndTime(LocalDateTime.ofInstant(clock.instant(), ZoneId.systemDefault()));
                jobs.update(partition);
                log.warn("job execution {} partition {} abandoned after timeout, marked FAILED for a restart",
                        manager.getJobExecutionId(), partition.getStepName());
            }
        }
        return null;
    }
}
