package app.recap.ranking;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Weights and limits of the ranking ({@code recap.ranking.*}). The four component weights are relative: they
 * are normalised by their sum.
 *
 * @param topPerAudience           stories per audience section of an email
 * @param importanceWeight         weight of the aggregator's importance score
 * @param freshnessWeight          weight of how late in the week the story was published
 * @param coverageWeight           weight of how many sources carried the story
 * @param authorityWeight          weight of the source's authority (a per-feed setting)
 * @param duplicateTitleSimilarity Jaccard similarity of title words at or above which two stories are one
 */
@ConfigurationProperties("recap.ranking")
public record RankingProperties(int topPerAudience, double importanceWeight, double freshnessWeight,
        double coverageWeight, double authorityWeight, double duplicateTitleSimilarity) {
}
