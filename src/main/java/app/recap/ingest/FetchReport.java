package app.recap.ingest;

/**
 * What fetching one feed did.
 *
 * @param status         the HTTP status of the answer (304 when unchanged), null when none arrived; bundled feeds
 *                       report 200
 * @param itemsSeen      items the feed carried
 * @param newStories     stories stored for the first time; items already known only add coverage
 * @param skippedItems   items that could not become stories (no http(s) link, nothing to show)
 * @param datesEstimated stories whose date was missing or impossible, dated by the collection time instead
 * @param warning        what had to be worked around, in words, or null
 * @param error          null when the feed was read, otherwise what went wrong in words
 */
public record FetchReport(long feedId, Integer status, int itemsSeen, int newStories, int skippedItems,
        int datesEstimated, String warning, String error) {

    public boolean failed() {
        return error != null;
    }

    public boolean notModified() {
        return status != null && status == 304;
    }
}
