package app.recap.ingest;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of feed ingestion ({@code recap.ingest.*}).
 *
 * @param userAgent         sent with every feed request
 * @param connectTimeout    TCP connect timeout per request
 * @param readTimeout       time allowed for the whole response, headers and body
 * @param maxBodySize       larger feeds are refused while streaming (compressed and decompressed alike)
 * @param maxRedirects      redirects followed per fetch, each checked by the request-forgery guard
 * @param summarySentences  sentences of a plain item's description used as its TL;DR
 * @param defaultImportance importance given to stories without one
 * @param allowedHosts      host names (as written in feed URLs, case-insensitive) that the request-forgery guard
 *                          lets through even if they resolve to loopback, private or link-local addresses
 * @param schedule          cron expression of the ingest job over all enabled feeds; {@code -} turns it off
 * @param concurrency       feeds fetched at the same time by the ingest job
 * @param backoffInitial    wait after a feed's first consecutive failure; doubles with each further failure
 * @param backoffMax        the longest wait between attempts at a failing feed
 * @param maxStoriesPerRequest largest batch {@code POST /api/stories} accepts
 * @param maxItemsPerFeed   items read from one fetch of a feed, in document order (newest first in practice)
 */
@ConfigurationProperties("recap.ingest")
public record IngestProperties(String userAgent, Duration connectTimeout, Duration readTimeout, DataSize maxBodySize,
        int maxRedirects, int summarySentences, double defaultImportance, List<String> allowedHosts, String schedule,
        int concurrency, Duration backoffInitial, Duration backoffMax, int maxStoriesPerRequest, int maxItemsPerFeed) {

    public IngestProperties {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().map(h -> stripBrackets(h.strip().toLowerCase(Locale.ROOT))).filter(h -> !h.isEmpty()).toList();
        concurrency = Math.max(1, concurrency);
        maxRedirects = Math.max(0, maxRedirects);
        maxItemsPerFeed = maxItemsPerFeed <= 0 ? Integer.MAX_VALUE : maxItemsPerFeed;
    }

    /** True when {@code host} (as written in a URL) is on the allow-list. */
    boolean allows(String host) {
        return host != null && allowedHosts.contains(stripBrackets(host).toLowerCase(Locale.ROOT));
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
