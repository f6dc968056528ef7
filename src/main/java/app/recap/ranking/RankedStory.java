package app.recap.ranking;

/**
 * A story's place in one section's ranking, with everything needed to explain it.
 *
 * @param score          {@code relevance × base}, see {@link ScoreParts}
 * @param redundancy     0..1, how alike the story is to the most similar story ranked above it (what diversity
 *                       re-ranking penalised); 0 for the first
 * @param similarStoryId that most similar story above it; null when nothing is above it
 * @param marginalScore  the maximal-marginal-relevance value that placed it:
 *                       {@code λ·score/best − (1−λ)·redundancy}
 * @param explanation    the same in words, e.g. {@code relevance 0.90 × (importance 0.82·0.45 + ...) = 0.61; ...}
 */
public record RankedStory(long storyId, double score, ScoreParts parts, double redundancy, Long similarStoryId,
        double marginalScore, String explanation) {
}
