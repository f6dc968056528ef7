package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The evaluation's floor: on the shipped fixtures the model must beat the keyword lexicon at audiences and find
 * rewrites the word rules miss without merging look-alikes much more often. The figures themselves are printed by
 * {@code bench/enrichment}.
 */
class EnrichmentEvaluationTests {

    @Test
    void theModelBeatsTheLexiconAndFindsRewritesTheWordsMiss() {
        EnrichmentEvaluation.Result r = EnrichmentEvaluation.run(EnrichmentProperties.defaults());

        assertThat(r.stories()).isGreaterThanOrEqualTo(150);
        assertThat(r.pairs()).isGreaterThanOrEqualTo(60);
        assertThat(r.model().f1()).as("audience F1, model").isGreaterThan(r.lexicon().f1() + 0.1);
        assertThat(r.model().recall()).as("audience recall, model").isGreaterThan(0.8);
        assertThat(r.withEmbeddings().recall()).as("dedup recall with embeddings")
                .isGreaterThan(r.jaccard().recall() + 0.3);
        assertThat(r.withEmbeddings().precision()).as("dedup precision with embeddings").isGreaterThan(0.75);
    }
}
