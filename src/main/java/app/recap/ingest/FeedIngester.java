package app.recap.ingest;

import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.ingest.rome.RomeFeedParser;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;
import app.recap.story.Tldr;

/**
 * Fetches one feed and stores its stories. Never throws for a bad feed: the problem is recorded on the feed
 * and returned in the report.
 */
@Service
public class FeedIngester {

    private static final Logger log = LoggerFactory.getLogger(FeedIngester.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMinutes(15);
    private static final Duration MAX_BACKOFF = Duration.ofHours(24);

    private final FeedFetcher fetcher;
    private final RomeFeedParser parser;
    private final LocalEnricher enricher;
    private final StoryRepository stories;
    private final AudienceRepository audiences;
    private final FeedSourceRepository feeds;
    private final IngestProperties properties;
    private final Clock clock;

    FeedIngester(FeedFetcher fetcher, RomeFeedParser parser, LocalEnricher enricher, StoryRepository stories,
            AudienceRepository audiences, FeedSourceRepository feeds, IngestProperties properties, Clock clock) {
        this.fetcher = fetcher;
        this.parser = parser;
        this.enricher = enricher;
        this.stories = stories;
        this.audiences = audiences;
        this.feeds = feeds;
        this.properties = properties;
        this.clock = clock;
    }

    /** Fetches and stores one feed now, whatever its back-off says. */
    public FetchReport ingest(FeedSource feed) {
        Instant now = clock.instant();
        try {
            FeedFetcher.FetchedFeed fetched = fetcher.fetch(feed);
            if (fetched.notModified()) {
                feeds.recordSuccess(feed.id(), now, 304, 0, 0, fetched.etag(), fetched.lastModified());
                log.info("feed {} unchanged (304) url={}", feed.id(), feed.url());
                return new FetchReport(feed.id(), 0, 0, 0, null);
            }
            ParsedFeed parsed = parser.parse(new ByteArrayInputStream(fetched.body()), fetched.contentType());
            FetchReport report = store(feed, parsed, fetched.finalUrl(), now);
            feeds.recordSuccess(feed.id(), now, fetched.status(), report.itemsSeen(), report.newStories(),
                    fetched.etag(), fetched.lastModified());
            log.info("feed {} ingested url={} items={} new={} skipped={}", feed.id(), feed.url(), report.itemsSeen(),
                    report.newStories(), report.skippedItems());
            return report;
        } catch (FeedParseException e) {
            return fail(feed, now, e.getMessage(), e);
        } catch (RuntimeException e) {
            return fail(feed, now, "unexpected error while ingesting (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private FetchReport fail(FeedSource feed, Instant now, String error, Exception cause) {
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << Math.min(feed.consecutiveFailures(), 10));
        Instant retryAt = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
        feeds.recordFailure(feed.id(), now, null, error, retryAt);
        log.warn("feed {} failed url={} error=\"{}\" retryAt={}", feed.id(), feed.url(), error, retryAt);
        log.debug("feed {} failure detail", feed.id(), cause);
        return new FetchReport(feed.id(), 0, 0, 0, error);
    }

    private FetchReport store(FeedSource feed, ParsedFeed parsed, String fetchedFrom, Instant now) {
        List<Audience> catalogue = audiences.findAll();
        String base = fetchedFrom.startsWith("http") ? fetchedFrom : parsed.link();
        int created = 0;
        int skipped = 0;
        for (ParsedItem item : parsed.items()) {
            IncomingStory story = toStory(feed, item, base, catalogue);
            if (story == null) {
                skipped++;
                continue;
            }
            if (stories.save(story, now).created()) {
                created++;
            }
        }
        return new FetchReport(feed.id(), parsed.items().size(), created, skipped, null);
    }

    private IncomingStory toStory(FeedSource feed, ParsedItem item, String base, List<Audience> catalogue) {
        String url = StoryUrls.normalise(item.link(), base);
        if (url == null) {
            url = StoryUrls.normalise(item.guid(), base);
        }
        String title = FeedText.plain(item.title());
        String description = FeedText.plain(item.description());
        if (url == null || (title == null && description == null)) {
            return null;
        }
        if (title == null) {
            title = FeedText.firstSentences(description, 1);
        }
        ParsedItem.Enrichment e = item.enrichment();
        if (e != null) {
            List<AudienceWeight> weights = new ArrayList<>();
            for (ParsedItem.Enrichment.Audience a : e.audiences()) {
                weights.add(new AudienceWeight(a.name(), a.weight() == null ? 1.0 : a.weight()));
            }
            return new IncomingStory(url, title, description, feed.name(), feed.id(), item.publishedAt(),
                    new Tldr(FeedText.plain(e.tldr()), FeedText.plain(e.whyItMatters()), FeedText.plain(e.whatToDoNext())),
                    e.takeaways().stream().map(FeedText::plain).filter(t -> t != null).toList(), weights,
                    e.importance() == null ? properties.defaultImportance() : e.importance(), false);
        }
        LocalEnricher.LocalEnrichment local = enricher.enrich(title, description, catalogue);
        return new IncomingStory(url, title, description, feed.name(), feed.id(), item.publishedAt(), local.tldr(),
                List.of(), local.audiences(), properties.defaultImportance(), true);
    }
}
