package app.recap.ingest;

/**
 * What fetching one feed did.
 *
 * @param error null when the feed was read, otherwise what went wrong in words
 */
public record FetchReport(long feedId, int itemsSeen, int newStories, int skippedItems, String error) {

    public boolean failed() {
        return error != null;
    }
}
