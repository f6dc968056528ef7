package app.recap.delivery;

import java.time.LocalDateTime;
import java.util.Optional;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.stereotype.Component;

import app.recap.delivery.cluster.ClusterProperties;

/**
 * A run whose node died stays STARTED in the job repository, and Spring Batch then refuses to start it again,
 * for ever. Asked only while holding the list's lock, so no live node is running it as manager (or, in local
 * mode, at all), this finds such an execution so the caller can mark it FAILED and resume it. On a cluster a
 * worker may outlive its manager and still be sending a partition: a partition STARTED and updated within
 * {@code recap.cluster.timeout} keeps the execution off limits.
 */
@Component
class StaleRuns {

    private final JobRepository jobs;
    private final ClusterProperties cluster;

    StaleRuns(JobRepository jobs, ClusterProperties cluster) {
        this.jobs = jobs;
        this.cluster = cluster;
    }

    /** The running execution of this job instance, if its node is gone. */
    Optional<JobExecution> abandonedByDeadNode(String jobName, JobParameters parameters) {
        JobExecution last = jobs.getLastJobExecution(jobName, parameters);
        if (last == null || !last.getStatus().isRunning()) {
            return Optional.empty();
        }
        if (cluster.mode() == ClusterProperties.Mode.LOCAL) {
            return Optional.of(last);
        }
        // Spring Batch stamps executions with the system clock, not the application's
        LocalDateTime liveSince = LocalDateTime.now().minus(cluster.timeout());
        for (StepExecution step : last.getStepExecutions()) {
            boolean partition = step.getStepName().startsWith(WeeklyDigestJobConfiguration.PARTITION_STEP + ":");
            LocalDateTime updated = step.getLastUpdated();
            if (partition && step.getStatus() == BatchStatus.STARTED && updated != null && updated.isAfter(liveSince)) {
                return Optional.empty();
            }
        }
        return Optional.of(last);
    }
}
