package app.recap.enrichment;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local enrichment with the embedding model in the jar ({@code recap.enrichment.*}).
 *
 * @param enabled             false: the enrichStories step does nothing, plain items keep the keyword lexicon's
 *                            audiences and their first sentences, and near-duplicates are found by words alone
 * @param maxPerRun           stories embedded per ingest run at most, newest first; the rest wait for the next run
 * @param audienceSimilarity  the score a plain story needs for an audience (cosine to its profile, plus
 *                            {@code lexiconBonus} when one of its keywords occurs); below it, no audience
 * @param lexiconBonus        what a keyword of the audience's lexicon adds to the model's score
 * @param audienceMargin      an audience is kept only if its score is within this of the story's best one
 * @param centroidWeight      the share of the aggregator's labelled stories in an audience's profile (the rest is
 *                            its name, description and keywords), once it has {@code profileMinStories} of them
 * @param profileMinStories   labelled stories an audience needs before their centroid joins its profile
 * @param duplicateSimilarity cosine of two stories' title-and-lede vectors from which they are one story
 * @param summarySentences    sentences in a plain item's extractive TL;DR
 */
@ConfigurationProperties("recap.enrichment")
public record EnrichmentProperties(boolean enabled, int maxPerRun, double audienceSimilarity, double lexiconBonus,
        double audienceMargin, double centroidWeight, int profileMinStories, double duplicateSimilarity,
        int summarySentences) {

    /** The defaults of {@code application.yml}, for tests and tools that enrich by hand. */
    static EnrichmentProperties defaults() {
        return new EnrichmentProperties(true, 5000, 0.30, 0.10, 0.08, 0.5, 3, 0.70, 2);
    }
}
