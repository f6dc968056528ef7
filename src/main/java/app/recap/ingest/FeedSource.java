package app.recap.ingest;

import java.time.Instant;

/**
 * A feed Recap fetches, with what its last fetch found.
 *
 * @param url        http(s) URL, or {@code classpath:} for feeds bundled with the application (the demo)
 * @param authority  how much the ranking trusts this source, 0..1
 * @param lastError  the last fetch's problem in words, null when it went well
 */
public record FeedSource(long id, String url, String name, boolean enabled, double authority, String etag,
        String lastModified, Instant lastFetchedAt, Integer lastStatus, Integer lastItemsSeen,
        Integer lastNewStories, String lastError, int consecutiveFailures, Instant nextFetchAt) {
}
