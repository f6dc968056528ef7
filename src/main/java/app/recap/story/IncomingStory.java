package app.recap.story;

import java.time.Instant;
import java.util.List;

/**
 * A story as ingestion hands it over, already cleaned.
 *
 * @param url          normalised absolute URL, the story's identity
 * @param publishedAt  null when the feed carried no usable date; collection time is used instead
 * @param feedId       null for stories that arrived through the JSON API
 */
public record IncomingStory(String url, String title, String summary, String sourceName, Long feedId,
        Instant publishedAt, Tldr tldr, List<String> takeaways, List<AudienceWeight> audiences, double importance,
        boolean enrichedLocally) {

    public IncomingStory {
        takeaways = List.copyOf(takeaways);
        audiences = List.copyOf(audiences);
    }
}
