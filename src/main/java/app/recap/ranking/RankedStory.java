package app.recap.ranking;

/**
 * A story's place in one audience's ranking, with the score's parts so an editor can see why.
 *
 * @param explanation e.g. {@code weight 0.90 × (importance 0.82·0.45 + freshness 0.71·0.20 + ...)}
 */
public record RankedStory(long storyId, double score, String explanation) {
}
