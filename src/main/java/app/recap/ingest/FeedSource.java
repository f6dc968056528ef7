package app.recap.ingest;

import java.time.Instant;

/**
 * A feed Recap fetches, with what its last fetch found.
 *
 * @param url              http(s) URL, or {@code classpath:} for feeds bundled with the application (the demo)
 * @param authority        how much the ranking trusts this source, 0..1
 * @param lastFetchedAt    the last attempt, whatever its outcome; null before the first
 * @param lastStatus       the HTTP status of the last attempt, null when no answer arrived
 * @param lastError        the last attempt's problem in words, null when it went well
 * @param nextFetchAt      while the feed keeps failing: the scheduled ingest leaves it alone until then
 * @param lastSuccessAt    the last attempt that worked (including an unchanged 304)
 * @param lastSkippedItems items of the last successful fetch that could not become stories
 * @param lastWarning      what the last successful fetch had to work around, in words; null when nothing
 * @param lastFinalUrl     where the last fetch ended after redirects, when that differs from {@code url}
 * @param lastModelEnrichment what the optional LLM did for this feed's stories in the last ingest run that sent it
 *                         any, in words; null when it never did
 */
public record FeedSource(long id, String url, String name, boolean enabled, double authority, String etag,
        String lastModified, Instant lastFetchedAt, Integer lastStatus, Integer lastItemsSeen,
        Integer lastNewStories, String lastError, int consecutiveFailures, Instant nextFetchAt, Instant lastSuccessAt,
        Integer lastSkippedItems, String lastWarning, String lastFinalUrl,
        String lastModelEnrichment) {
}
