package app.recap.ranking;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * Weights and limits of the ranking ({@code recap.ranking.*}). The four component weights are relative: they
 * are normalised by their sum.
 *
 * @param topPerAudience           stories per audience section of an email
 * @param leadSize                 stories in the lead section "This week's top stories" every email opens with
 * @param minSectionStories        K: an audience section left with fewer stories folds into the lead section
 * @param minEditionStories        M: an edition with fewer stories in all is not sent (status SKIPPED)
 * @param importanceWeight         weight of the aggregator's importance score
 * @param freshnessWeight          weight of how late in the week the story was published
 * @param coverageWeight           weight of how many sources carried the story
 * @param authorityWeight          weight of the source's authority (a per-feed setting)
 * @param diversity                λ of maximal marginal relevance, 0..1: 1 orders a section by score alone, lower
 *                                 values trade score for stories unlike those already above
 * @param duplicateTitleSimilarity Jaccard similarity of two titles at or above which they are one story
 * @param duplicateTextSimilarity  Jaccard similarity of title plus the summary's first sentence at or above which
 *                                 two stories are one
 * @param engagementWeight         how far readers' clicks move a story: its score is multiplied by
 *                                 {@code 1 + weight × lift}, the lift in [-1, 1]; 0 turns learning off
 * @param engagementWeeks          how many of the list's last sent editions the engagement part learns from
 * @param engagementPriorStrength  κ, the Beta prior's weight in impressions: a source or topic shown fewer times than
 *                                 this stays close to the audience's own click-through
 */
@ConfigurationProperties("recap.ranking")
public record RankingProperties(int topPerAudience, int leadSize, int minSectionStories, int minEditionStories,
        double importanceWeight, double freshnessWeight, double coverageWeight, double authorityWeight,
        double diversity, double duplicateTitleSimilarity, double duplicateTextSimilarity, double engagementWeight,
        int engagementWeeks, double engagementPriorStrength) {

    @ConstructorBinding
    public RankingProperties {
        require(topPerAudience >= 1, "top-per-audience must be at least 1");
        require(leadSize >= 0, "lead-size must not be negative");
        require(minSectionStories >= 0, "min-section-stories must not be negative");
        require(minEditionStories >= 1, "min-edition-stories must be at least 1");
        require(importanceWeight >= 0 && freshnessWeight >= 0 && coverageWeight >= 0 && authorityWeight >= 0,
                "ranking weights must not be negative");
        require(importanceWeight + freshnessWeight + coverageWeight + authorityWeight > 0,
                "at least one ranking weight must be positive");
        require(diversity >= 0 && diversity <= 1, "diversity must be between 0 and 1");
        require(duplicateTitleSimilarity > 0 && duplicateTitleSimilarity <= 1,
                "duplicate-title-similarity must be in (0, 1]");
        require(duplicateTextSimilarity > 0 && duplicateTextSimilarity <= 1,
                "duplicate-text-similarity must be in (0, 1]");
        require(engagementWeight >= 0 && engagementWeight <= 1, "engagement-weight must be between 0 and 1");
        require(engagementWeeks >= 0, "engagement-weeks must not be negative");
        require(engagementPriorStrength > 0, "engagement-prior-strength must be positive");
    }

    /** Settings with the default engagement part (weight 0.3 over 8 editions, prior strength 50). */
    public RankingProperties(int topPerAudience, int leadSize, int minSectionStories, int minEditionStories,
            double importanceWeight, double freshnessWeight, double coverageWeight, double authorityWeight,
            double diversity, double duplicateTitleSimilarity, double duplicateTextSimilarity) {
        this(topPerAudience, leadSize, minSectionStories, minEditionStories, importanceWeight, freshnessWeight,
                coverageWeight, authorityWeight, diversity, duplicateTitleSimilarity, duplicateTextSimilarity, 0.3, 8,
                50);
    }

    /** The defaults of {@code application.yml}, for tests and tools that build a ranker by hand. */
    public static RankingProperties defaults() {
        return new RankingProperties(5, 3, 2, 5, 0.45, 0.20, 0.25, 0.10, 0.6, 0.6, 0.3, 0.3, 8, 50);
    }

    double weightSum() {
        return importanceWeight + freshnessWeight + coverageWeight + authorityWeight;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("recap.ranking: " + message);
        }
    }
}
