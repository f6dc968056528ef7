package app.recap.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.ingest.jsonfeed.JsonFeedParser;
import app.recap.ingest.rome.RomeFeedParser;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;

/**
 * Fetches one feed and stores its stories. Never throws for a bad feed: the problem is recorded on the feed, in
 * words, with a back-off that grows while the feed keeps failing, and returned in the report.
 */
@Service
public class FeedIngester {

    private static final Logger log = LoggerFactory.getLogger(FeedIngester.class);

    private final FeedFetcher fetcher;
    private final RomeFeedParser parser;
    private final JsonFeedParser jsonFeeds;
    private final StoryCleaner cleaner;
    private final StoryRepository stories;
    private final AudienceRepository audiences;
    private final FeedSourceRepository feeds;
    private final IngestProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    FeedIngester(FeedFetcher fetcher, RomeFeedParser parser, JsonFeedParser jsonFeeds, StoryCleaner cleaner,
            StoryRepository stories, AudienceRepository audiences, FeedSourceRepository feeds,
            IngestProperties properties, Clock clock, ApplicationEventPublisher events) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.jsonFeeds = jsonFeeds;
        this.cleaner = cleaner;
        this.stories = stories;
        this.audiences = audiences;
        this.feeds = feeds;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** Fetches and stores one feed now, whatever its back-off says. */
    public FetchReport ingest(FeedSource feed) {
        if (feed.url().startsWith(NewsletterSourceRepository.MAILTO)) {
            // nothing to fetch and nothing to record: a newsletter's issues arrive in its mailbox
            return new FetchReport(feed.id(), null, 0, 0, 0, 0, null, "a newsletter source is not fetched; its "
                    + "issues are read from the newsletter mailbox");
        }
        Instant now = clock.instant();
        Integer status = null;
        try {
            FeedFetcher.FetchedFeed fetched = fetcher.fetch(feed);
            status = fetched.status();
            String finalUrl = fetched.finalUrl().equals(feed.url()) ? null : fetched.finalUrl();
            if (fetched.notModified()) {
                FetchReport report = new FetchReport(feed.id(), 304, 0, 0, 0, 0, null, null);
                feeds.recordSuccess(feed.id(), now, report, null, null, finalUrl);
                log.info("feed {} unchanged (304) url={}", feed.id(), feed.url());
                return report;
            }
            // what the body is decides, not the Content-Type: JSON Feeds are served as text/plain and worse
            ParsedFeed parsed = JsonFeedParser.looksLikeJson(fetched.body()) ? jsonFeeds.parse(fetched.body())
                    : parser.parse(fetched.body(), fetched.contentType());
            FetchReport report = store(feed, parsed, fetched, now);
            feeds.recordSuccess(feed.id(), now, report, fetched.etag(), fetched.lastModified(), finalUrl);
            // WebSub discovery: the response's Link headers first, then the feed's own <link> elements
            String hub = fetched.links().first("hub").orElse(parsed.hub());
            String self = fetched.links().first("self").orElse(parsed.self());
            if (hub != null && fetched.finalUrl().startsWith("http")) {
                events.publishEvent(new HubDeclared(feed.id(), absolute(fetched.finalUrl(), hub),
                        self == null ? fetched.finalUrl() : absolute(fetched.finalUrl(), self)));
            }
            log.info("feed {} ingested url={} status={} items={} new={} skipped={} datesEstimated={}{}", feed.id(),
                    feed.url(), report.status(), report.itemsSeen(), report.newStories(), report.skippedItems(),
                    report.datesEstimated(), report.warning() == null ? "" : " warning=\"" + report.warning() + "\"");
            return report;
        } catch (FetchFailure e) {
            return fail(feed, now, e.status(), e.getMessage(), e.retryAfter(), e);
        } catch (FeedParseException e) {
            return fail(feed, now, status, e.getMessage(), null, e);
        } catch (DataIntegrityViolationException e) {
            return fail(feed, now, status, "the feed's content could not be stored: " + e.getMostSpecificCause()
                    .getMessage(), null, e);
        } catch (RuntimeException | StackOverflowError e) {
            return fail(feed, now, status, "unexpected error while ingesting (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", null, e);
        }
    }

    /**
     * Stores the stories of a feed body that a WebSub hub pushed, through the same parsing, cleaning and dedup as
     * a poll, so a pushed item and its later polled copy are one story. Does not touch the feed's fetch status.
     *
     * @throws FeedParseException when the body is not a readable feed
     */
    public FetchReport ingestPushed(FeedSource feed, byte[] body, String contentType) throws FeedParseException {
        Instant now = clock.instant();
        ParsedFeed parsed = JsonFeedParser.looksLikeJson(body) ? jsonFeeds.parse(body)
                : parser.parse(body, contentType);
        String base = feed.lastFinalUrl() != null ? feed.lastFinalUrl() : feed.url();
        FetchReport report = store(feed, parsed, new FeedFetcher.FetchedFeed(200, body, contentType, null, null, base),
                now);
        log.info("feed {} push ingested items={} new={} skipped={}", feed.id(), report.itemsSeen(),
                report.newStories(), report.skippedItems());
        return report;
    }

    private static String absolute(String base, String link) {
        try {
            return java.net.URI.create(base).resolve(link.strip()).toString();
        } catch (IllegalArgumentException e) {
            return link;
        }
    }

    private FetchReport fail(FeedSource feed, Instant now, Integer status, String error, Duration retryAfter,
            Throwable cause) {
        Duration wait = backoff(feed.consecutiveFailures());
        if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
            wait = retryAfter.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : retryAfter;
        }
        Instant retryAt = now.plus(wait);
        feeds.recordFailure(feed.id(), now, status, error, retryAt);
        log.warn("feed {} failed url={} status={} consecutiveFailures={} error=\"{}\" retryAt={}", feed.id(),
                feed.url(), status, feed.consecutiveFailures() + 1, error, retryAt);
        log.debug("feed {} failure detail", feed.id(), cause);
        return new FetchReport(feed.id(), status, 0, 0, 0, 0, null, error);
    }

    /** {@code backoff-initial} after the first failure, doubling with each further one, up to {@code backoff-max}. */
    Duration backoff(int failuresBefore) {
        Duration wait = properties.backoffInitial().multipliedBy(1L << Math.min(failuresBefore, 20));
        return wait.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : wait;
    }

    private FetchReport store(FeedSource feed, ParsedFeed parsed, FeedFetcher.FetchedFeed fetched, Instant now) {
        List<Audience> catalogue = audiences.findAll();
        String base = fetched.finalUrl().startsWith("http") ? fetched.finalUrl() : parsed.link();
        int created = 0;
        int noLink = 0;
        int noText = 0;
        int repeated = 0;
        int estimated = 0;
        Set<String> seen = new HashSet<>();
        List<IncomingStory> cleanStories = new ArrayList<>();
        List<ParsedItem> items = parsed.items();
        if (items.size() > properties.maxItemsPerFeed()) {
            items = items.subList(0, properties.maxItemsPerFeed());
        }
        for (ParsedItem item : items) {
            StoryCleaner.RawStory raw = raw(feed, item, base);
            StoryCleaner.Cleaned cleaned = cleaner.clean(raw, now, catalogue);
            if (cleaned.story() == null) {
                if (cleaned.problem().startsWith("no http")) {
                    noLink++;
                } else {
                    noText++;
                }
                continue;
            }
            if (!seen.add(cleaned.story().url())) {
                repeated++;
                continue;
            }
            if (cleaned.dateEstimated()) {
                estimated++;
            }
            cleanStories.add(cleaned.story());
        }
        // the feed's stories in a few batched statements rather than several per item
        for (StoryRepository.SaveResult saved : stories.saveAll(cleanStories, now)) {
            if (saved.created()) {
                created++;
            }
        }
        int skipped = noLink + noText;
        List<String> warnings = new ArrayList<>(parsed.warnings());
        if (skipped > 0) {
            warnings.add(skipped + " of " + parsed.items().size() + " items skipped ("
                    + (noLink > 0 ? noLink + " without an http(s) link" : "")
                    + (noLink > 0 && noText > 0 ? ", " : "")
                    + (noText > 0 ? noText + " without a title or text" : "") + ")");
        }
        if (repeated > 0) {
            warnings.add(items(repeated) + " repeated an earlier item's link and " + (repeated == 1 ? "was" : "were")
                    + " stored once");
        }
        if (items.size() < parsed.items().size()) {
            warnings.add("only the first " + items.size() + " of " + parsed.items().size()
                    + " items were read (recap.ingest.max-items-per-feed)");
        }
        if (estimated > 0) {
            warnings.add(items(estimated) + " had no usable date and " + (estimated == 1 ? "is" : "are")
                    + " dated by when Recap collected " + (estimated == 1 ? "it" : "them"));
        }
        return new FetchReport(feed.id(), fetched.status(), parsed.items().size(), created, skipped, estimated,
                warnings.isEmpty() ? null : String.join("; ", warnings), null);
    }

    private static String items(int count) {
        return count + (count == 1 ? " item" : " items");
    }

    private static StoryCleaner.RawStory raw(FeedSource feed, ParsedItem item, String base) {
        ParsedItem.Enrichment e = item.enrichment();
        if (e == null) {
            return new StoryCleaner.RawStory(item.link(), item.guid(), base, item.title(), item.description(),
                    feed.name(), feed.id(), item.publishedAt(), null, null, null, null, null, null);
        }
        return new StoryCleaner.RawStory(item.link(), item.guid(), base, item.title(), item.description(), feed.name(),
                feed.id(), item.publishedAt(), e.tldr(), e.whyItMatters(), e.whatToDoNext(), e.takeaways(),
                e.audiences().stream().map(a -> new StoryCleaner.RawAudience(a.name(), a.weight())).toList(),
                e.importance());
    }
}
