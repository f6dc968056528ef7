package app.recap.ranking;

import java.util.List;
import java.util.Map;

import app.recap.story.Story;

/**
 * One story of the week after near-duplicates were merged into it.
 *
 * @param lead            the version shown in the email
 * @param sources         every source that carried it, the lead's first
 * @param audienceWeights audience id to the highest weight any version gave
 */
public record StoryCluster(Story lead, List<String> sources, Map<Long, Double> audienceWeights,
        List<Long> mergedStoryIds) {

    public int coverage() {
        return sources.size();
    }

    /** The other sources, for "also in: ..." */
    public List<String> alsoIn() {
        return sources.subList(1, sources.size());
    }
}
