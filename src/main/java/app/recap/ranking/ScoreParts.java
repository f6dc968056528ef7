package app.recap.ranking;

/**
 * The parts a story's score is made of, each 0..1, kept so an editor can see why a story ranks where it does.
 *
 * @param relevance  the audience's weight for the story (for the lead section: its highest weight for any
 *                   audience the list offers); multiplies the rest
 * @param importance the aggregator's importance score
 * @param freshness  1 at the end of the edition's week, falling linearly to 0 seven days earlier
 * @param coverage   {@code 1 − 1/sources}: 0 for one source, 0.5 for two, 0.8 for five
 * @param authority  the highest authority among the feeds that carried it
 * @param engagement what the audience's readers clicked lately, as a lift in [-1, 1] over their usual click-through
 *                   (see {@code Engagement}); 0 when there is nothing to learn from (no clicks, tracking off, the
 *                   lead section), so the score is then exactly what it was before clicks counted
 */
public record ScoreParts(double relevance, double importance, double freshness, double coverage, double authority,
        double engagement) {

    /** Parts without engagement (lift 0). */
    public ScoreParts(double relevance, double importance, double freshness, double coverage, double authority) {
        this(relevance, importance, freshness, coverage, authority, 0.0);
    }

    /** The weighted mean of the four quality parts, before relevance. */
    public double base(RankingProperties weights) {
        return (importance * weights.importanceWeight() + freshness * weights.freshnessWeight()
                + coverage * weights.coverageWeight() + authority * weights.authorityWeight()) / weights.weightSum();
    }

    /** {@code relevance × base × (1 + engagement-weight · engagement)}; the last factor is 1 without clicks. */
    public double score(RankingProperties weights) {
        double weighted = relevance * base(weights);
        return engagement == 0 ? weighted : weighted * (1 + weights.engagementWeight() * engagement);
    }
}
