package app.recap.story;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored story.
 *
 * @param audienceWeights audience id to weight 0..1
 * @param sources         the sources that carried it, first seen first; never empty
 */
public record Story(long id, String url, String title, String titleKey, String summary, String sourceName,
        Instant publishedAt, boolean publishedEstimated, Instant collectedAt, Tldr tldr, double importance,
        List<String> takeaways, Map<Long, Double> audienceWeights, List<StorySource> sources) {

    public record StorySource(String name, String url) {
    }
}
