package app.recap.ingest;

import java.time.Duration;

/**
 * What one run of the ingest job did.
 *
 * @param executionId the job execution's id in Spring Batch's tables, -1 when the run did not start
 * @param status      the job's status (COMPLETED, FAILED, ...), or SKIPPED when another run was still going
 */
public record IngestRun(long executionId, String status, int feeds, int feedsFailed, int itemsSeen, int newStories,
        Duration took) {

    public String summary() {
        return "ingest run execution=" + executionId + " status=" + status + " feeds=" + feeds + " failed="
                + feedsFailed + " items=" + itemsSeen + " new=" + newStories + " seconds="
                + String.format(java.util.Locale.ROOT, "%.1f", took.toMillis() / 1000.0);
    }
}
