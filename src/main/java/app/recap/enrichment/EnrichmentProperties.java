package app.recap.enrichment;

import java.time.Duration;

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
 * @param threads             stories embedded at once, each model run on one core; more than the cores gains nothing
 * @param llm                 the optional LLM that writes plain stories' enrichment as the aggregator would
 */
@ConfigurationProperties("recap.enrichment")
public record EnrichmentProperties(boolean enabled, int maxPerRun, double audienceSimilarity, double lexiconBonus,
        double audienceMargin, double centroidWeight, int profileMinStories, double duplicateSimilarity,
        int summarySentences, int threads, Llm llm) {

    /**
     * An OpenAI-compatible chat-completions endpoint ({@code recap.enrichment.llm.*}); off by default, so nothing
     * leaves the machine unless an operator points it somewhere.
     *
     * @param enabled         false: no call is made and plain stories keep the local enrichment
     * @param baseUrl         the API's base, ending before {@code /chat/completions} (OpenAI
     *                        {@code https://api.openai.com/v1}, Ollama {@code http://localhost:11434/v1})
     * @param model           the model name the endpoint knows
     * @param apiKey          sent as a bearer token; blank for endpoints that want none
     * @param timeout         one call's limit; a slower answer is given up and the local enrichment stays
     * @param concurrency     calls in flight at once
     * @param maxCallsPerRun  calls one ingest run may make at most, newest stories first
     */
    public record Llm(boolean enabled, String baseUrl, String model, String apiKey, Duration timeout,
            int concurrency, int maxCallsPerRun) {

        static Llm disabled() {
            return new Llm(false, "http://localhost:11434/v1", "llama3.1", "", Duration.ofSeconds(30), 2, 200);
        }
    }

    /** The defaults of {@code application.yml}, for tests and tools that enrich by hand. */
    static EnrichmentProperties defaults() {
        return new EnrichmentProperties(true, 5000, 0.30, 0.10, 0.08, 0.5, 3, 0.70, 2, 2, Llm.disabled());
    }
}
