package app.recap.subscriber;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The in-memory substring search of subscribers on H2 ({@code recap.subscribers.search-index.*}); PostgreSQL
 * answers the same search from its trigram indexes and never builds it.
 *
 * @param enabled       build and use it on H2; off, every search reads the table (about a second at 1,000,000)
 * @param maxAge        a copy older than this is rebuilt in the background on the next search (it still answers
 *                      meanwhile): what it may miss is a subscriber renamed outside the admin screen and the import
 *                      to match a new query, so this bounds how long
 * @param maxUnindexed  subscribers added since the copy was taken (searched in SQL, an index range) beyond which it
 *                      is rebuilt and, until then, not used
 * @param maxCandidates matches beyond which a query is too common for the copy to help (the SQL walk finds a page
 *                      of such a query soonest)
 */
@ConfigurationProperties("recap.subscribers.search-index")
record SearchIndexProperties(boolean enabled, Duration maxAge, int maxUnindexed, int maxCandidates) {

    SearchIndexProperties {
        maxAge = maxAge == null ? Duration.ofMinutes(10) : maxAge;
        if (maxUnindexed < 0) {
            throw new IllegalArgumentException("recap.subscribers.search-index.max-unindexed must not be negative");
        }
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("recap.subscribers.search-index.max-candidates must be at least 1");
        }
    }
}
