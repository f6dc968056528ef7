package app.recap.delivery;

import java.util.Map;

/**
 * What one run of the weekly job did, for logs and the API.
 *
 * @param jobStatus        Spring Batch's status of the execution, e.g. COMPLETED or FAILED
 * @param storiesPerAudience audience slug to the stories ranked for it
 * @param destination      where messages went, e.g. {@code outbox /srv/recap/data/outbox}
 */
public record DigestRun(String list, String week, long jobExecutionId, String jobStatus, String editionStatus,
        int storiesCollected, Map<String, Integer> storiesPerAudience, long sent, long failed, long skipped,
        long pending, String destination) {

    /** One line with everything an operator wants to see after a run. */
    public String summary() {
        return "weekly digest list=" + list + " week=" + week + " job=" + jobStatus + " edition=" + editionStatus
                + " storiesCollected=" + storiesCollected + " perAudience=" + storiesPerAudience + " messagesSent="
                + sent + " failed=" + failed + " skipped=" + skipped + " pending=" + pending + " to=" + destination;
    }
}
