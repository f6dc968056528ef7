package app.recap.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import app.recap.audience.Audience;
import app.recap.audience.AudienceSlugs;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.Tldr;

/**
 * Turns what a feed item or an API client sent into a clean {@link IncomingStory}: every text sanitised to plain
 * text and repaired, the link resolved and normalised (http and https only), impossible dates dropped, numbers
 * clamped, lists bounded, and plain items enriched locally. Feeds and the JSON intake share it, so a story is
 * equally clean whichever way it came.
 */
@Component
class StoryCleaner {

    /** Dates before this are defaults and typos (1970, 0001), not news. */
    static final Instant EARLIEST_DATE = Instant.parse("1995-01-01T00:00:00Z");
    /** Dates further ahead than this are typos or time-zone accidents. */
    static final Duration LATEST_AHEAD = Duration.ofDays(7);
    static final int MAX_TAKEAWAYS = 10;
    static final int MAX_AUDIENCES = 12;

    /** A story as it arrived, before cleaning; any field may be null. */
    record RawStory(String link, String guid, String base, String title, String summaryHtml, String sourceName,
            Long feedId, Instant publishedAt, String tldr, String whyItMatters, String whatToDoNext,
            List<String> takeaways, List<RawAudience> audiences, Double importance) {

        boolean enriched() {
            return tldr != null || whyItMatters != null || whatToDoNext != null || importance != null
                    || (takeaways != null && !takeaways.isEmpty()) || (audiences != null && !audiences.isEmpty());
        }
    }

    record RawAudience(String name, Double weight) {
    }

    /**
     * The cleaning's outcome: a story, or why there is none.
     *
     * @param dateEstimated the story's date was missing or impossible; it will carry the collection time
     */
    record Cleaned(IncomingStory story, String problem, boolean dateEstimated) {
    }

    private final LocalEnricher enricher;
    private final IngestProperties properties;

    StoryCleaner(LocalEnricher enricher, IngestProperties properties) {
        this.enricher = enricher;
        this.properties = properties;
    }

    /** @param catalogue the audiences local enrichment matches against */
    Cleaned clean(RawStory raw, Instant collectedAt, List<Audience> catalogue) {
        String url = StoryUrls.normalise(raw.link(), raw.base());
        if (url == null && raw.guid() != null) {
            url = StoryUrls.normalise(raw.guid(), null);
        }
        if (url == null) {
            return new Cleaned(null, "no http(s) link", false);
        }
        String title = FeedText.plain(raw.title());
        String summary = FeedText.plain(raw.summaryHtml());
        if (title == null && summary == null) {
            return new Cleaned(null, "neither a title nor any text", false);
        }
        if (title == null) {
            title = FeedText.firstSentences(summary, 1);
        }
        Instant published = plausible(raw.publishedAt(), collectedAt);
        boolean estimated = published == null;
        String source = FeedText.plain(raw.sourceName());
        if (source == null) {
            source = hostOf(url);
        }
        if (!raw.enriched()) {
            LocalEnricher.LocalEnrichment local = enricher.enrich(title, summary, catalogue);
            return new Cleaned(new IncomingStory(url, title, summary, source, raw.feedId(), published, local.tldr(),
                    List.of(), local.audiences(), properties.defaultImportance(), true), null, estimated);
        }
        Tldr tldr = new Tldr(FeedText.plain(raw.tldr()), FeedText.plain(raw.whyItMatters()),
                FeedText.plain(raw.whatToDoNext()));
        List<String> takeaways = new ArrayList<>();
        for (String takeaway : raw.takeaways() == null ? List.<String>of() : raw.takeaways()) {
            String text = FeedText.plain(takeaway);
            if (text != null && takeaways.size() < MAX_TAKEAWAYS) {
                takeaways.add(text);
            }
        }
        Map<String, AudienceWeight> audiences = new LinkedHashMap<>();
        for (RawAudience audience : raw.audiences() == null ? List.<RawAudience>of() : raw.audiences()) {
            String name = FeedText.plain(audience.name());
            if (name == null || name.length() > 200 || AudienceSlugs.fromDisplayName(name).isEmpty()
                    || audiences.size() >= MAX_AUDIENCES) {
                continue;
            }
            double weight = audience.weight() == null ? 1.0 : audience.weight();
            if (Double.isNaN(weight)) {
                continue;
            }
            audiences.putIfAbsent(AudienceSlugs.fromDisplayName(name), new AudienceWeight(name, clamp(weight)));
        }
        double importance = raw.importance() == null || raw.importance().isNaN() ? properties.defaultImportance()
                : clamp(raw.importance());
        return new Cleaned(new IncomingStory(url, title, summary, source, raw.feedId(), published, tldr, takeaways,
                List.copyOf(audiences.values()), importance, false), null, estimated);
    }

    /** The date if a news item could carry it, otherwise null. */
    static Instant plausible(Instant date, Instant collectedAt) {
        if (date == null || date.isBefore(EARLIEST_DATE) || date.isAfter(collectedAt.plus(LATEST_AHEAD))) {
            return null;
        }
        return date;
    }

    private static String hostOf(String normalisedUrl) {
        String rest = normalisedUrl.substring(normalisedUrl.indexOf("://") + 3);
        int end = rest.indexOf('/');
        return end < 0 ? rest : rest.substring(0, end);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
