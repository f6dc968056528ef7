package app.recap.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.audience.AudienceSlugs;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;
import tools.jackson.databind.JsonNode;

/**
 * The JSON intake: a batch of already enriched stories from a pipeline that does not publish a feed, with the
 * fields of the feed extension. Each item is checked on its own; the valid ones are stored through the same
 * cleaning as feed items, the others are answered with one message per problem.
 */
@Service
public class StoryIntake {

    private static final Logger log = LoggerFactory.getLogger(StoryIntake.class);
    private static final List<String> TEXT_FIELDS = List.of("summary", "source", "tldr", "whyItMatters",
            "whatToDoNext");

    /**
     * What became of one item of the batch.
     *
     * @param index   the item's position in the batch, from 0
     * @param url     the URL as sent, or as stored (normalised) when accepted; null when none was sent
     * @param storyId the stored story, null when rejected
     * @param created true for a new story, false when it was known and this only added coverage; null when rejected
     * @param errors  empty when accepted, otherwise "field: what is wrong" messages
     */
    public record ItemResult(int index, String url, Long storyId, Boolean created, List<String> errors) {
    }

    /** The batch's outcome, item by item. */
    public record Outcome(List<ItemResult> accepted, List<ItemResult> rejected) {

        public boolean anyRejected() {
            return !rejected.isEmpty();
        }
    }

    private final StoryCleaner cleaner;
    private final StoryRepository stories;
    private final AudienceRepository audiences;
    private final IngestProperties properties;
    private final Clock clock;

    StoryIntake(StoryCleaner cleaner, StoryRepository stories, AudienceRepository audiences,
            IngestProperties properties, Clock clock) {
        this.cleaner = cleaner;
        this.stories = stories;
        this.audiences = audiences;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores the valid items of a batch.
     *
     * @param batch a JSON array of story objects
     * @throws IllegalArgumentException when the batch is not an array or larger than
     *                                  {@code recap.ingest.max-stories-per-request}; nothing is stored then
     */
    public Outcome submit(JsonNode batch) {
        if (batch == null || !batch.isArray()) {
            throw new IllegalArgumentException("the body must be a JSON array of stories");
        }
        if (batch.size() > properties.maxStoriesPerRequest()) {
            throw new IllegalArgumentException("at most " + properties.maxStoriesPerRequest()
                    + " stories per request; this one has " + batch.size());
        }
        Instant now = clock.instant();
        List<Audience> catalogue = audiences.findAll();
        List<ItemResult> rejected = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        List<IncomingStory> clean = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode item = batch.get(i);
            List<String> errors = new ArrayList<>();
            StoryCleaner.RawStory raw = read(item, now, errors);
            String sentUrl = item != null && item.isObject() && item.get("url") != null && item.get("url").isString()
                    ? item.get("url").stringValue() : null;
            if (raw == null || !errors.isEmpty()) {
                rejected.add(new ItemResult(i, sentUrl, null, null, List.copyOf(errors)));
                continue;
            }
            StoryCleaner.Cleaned cleaned = cleaner.clean(raw, now, catalogue);
            if (cleaned.story() == null) {
                rejected.add(new ItemResult(i, sentUrl, null, null, List.of(problemField(cleaned.problem()))));
                continue;
            }
            indexes.add(i);
            clean.add(cleaned.story());
        }
        // the valid items in a few batched statements, with the outcome of saving them one by one in order
        List<StoryRepository.SaveResult> saved = stories.saveAll(clean, now);
        List<ItemResult> accepted = new ArrayList<>(clean.size());
        for (int k = 0; k < clean.size(); k++) {
            accepted.add(new ItemResult(indexes.get(k), clean.get(k).url(), saved.get(k).storyId(),
                    saved.get(k).created(), List.of()));
        }
        log.info("story intake items={} accepted={} new={} rejected={}", batch.size(), accepted.size(),
                accepted.stream().filter(ItemResult::created).count(), rejected.size());
        return new Outcome(accepted, rejected);
    }

    private static String problemField(String problem) {
        return problem.startsWith("no http") ? "url: must be an absolute http or https URL"
                : "title: must contain some text once HTML is removed";
    }

    /** The item's fields, with a message per field that has the wrong shape; null when it is not an object. */
    private static StoryCleaner.RawStory read(JsonNode item, Instant now, List<String> errors) {
        if (item == null || !item.isObject()) {
            errors.add("item: must be a JSON object");
            return null;
        }
        String url = text(item, "url", errors);
        if (url == null || url.isBlank()) {
            errors.add("url: required");
        } else if (StoryUrls.normalise(url, null) == null) {
            errors.add("url: must be an absolute http or https URL of at most " + StoryUrls.MAX_LENGTH + " characters");
        }
        String title = text(item, "title", errors);
        if (title == null || title.isBlank()) {
            errors.add("title: required");
        }
        for (String field : TEXT_FIELDS) {
            text(item, field, errors);
        }
        Instant published = date(item, now, errors);
        List<String> takeaways = takeaways(item, errors);
        List<StoryCleaner.RawAudience> audienceList = audiences(item, errors);
        Double importance = number(item, "importance", errors);
        return new StoryCleaner.RawStory(url, null, null, title, text(item, "summary", errors),
                text(item, "source", errors), null, published, text(item, "tldr", errors),
                text(item, "whyItMatters", errors), text(item, "whatToDoNext", errors), takeaways, audienceList,
                importance);
    }

    private static String text(JsonNode item, String field, List<String> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            String message = field + ": must be a string";
            if (!errors.contains(message)) {
                errors.add(message);
            }
            return null;
        }
        return value.stringValue();
    }

    private static Double number(JsonNode item, String field, List<String> errors) {
        JsonNode value = item.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || Double.isNaN(value.doubleValue()) || value.doubleValue() < 0 || value.doubleValue() > 1) {
            errors.add(field + ": must be a number from 0 to 1");
            return null;
        }
        return value.doubleValue();
    }

    private static Instant date(JsonNode item, Instant now, List<String> errors) {
        String value = text(item, "publishedAt", errors);
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant date;
        try {
            date = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add("publishedAt: must be an ISO-8601 date-time such as 2026-11-24T09:30:00Z");
            return null;
        }
        if (StoryCleaner.plausible(date, now) == null) {
            errors.add("publishedAt: " + value + " is not a plausible publication date (before "
                    + StoryCleaner.EARLIEST_DATE.toString().substring(0, 4) + " or more than "
                    + StoryCleaner.LATEST_AHEAD.toDays() + " days ahead)");
            return null;
        }
        return date;
    }

    private static List<String> takeaways(JsonNode item, List<String> errors) {
        JsonNode value = item.get("takeaways");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.add("takeaways: must be an array of strings");
            return List.of();
        }
        if (value.size() > StoryCleaner.MAX_TAKEAWAYS) {
            errors.add("takeaways: at most " + StoryCleaner.MAX_TAKEAWAYS);
        }
        List<String> takeaways = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode takeaway = value.get(i);
            if (!takeaway.isString()) {
                errors.add("takeaways[" + i + "]: must be a string");
            } else {
                takeaways.add(takeaway.stringValue());
            }
        }
        return takeaways;
    }

    private static List<StoryCleaner.RawAudience> audiences(JsonNode item, List<String> errors) {
        JsonNode value = item.get("audiences");
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            errors.add("audiences: must be an array of {\"name\": ..., \"weight\": ...} objects");
            return List.of();
        }
        if (value.size() > StoryCleaner.MAX_AUDIENCES) {
            errors.add("audiences: at most " + StoryCleaner.MAX_AUDIENCES);
        }
        List<StoryCleaner.RawAudience> result = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode audience = value.get(i);
            String prefix = "audiences[" + i + "].";
            if (!audience.isObject()) {
                errors.add("audiences[" + i + "]: must be an object with a name and a weight");
                continue;
            }
            List<String> own = new ArrayList<>();
            String name = text(audience, "name", own);
            Double weight = number(audience, "weight", own);
            if (name == null || name.isBlank() || FeedText.plain(name) == null
                    || AudienceSlugs.fromDisplayName(FeedText.plain(name)).isEmpty()) {
                own.add("name: required, with at least one letter or digit");
            } else if (FeedText.plain(name).length() > 200) {
                own.add("name: at most 200 characters");
            }
            own.forEach(message -> errors.add(prefix + message));
            if (own.isEmpty()) {
                result.add(new StoryCleaner.RawAudience(name, weight));
            }
        }
        return result;
    }
}
