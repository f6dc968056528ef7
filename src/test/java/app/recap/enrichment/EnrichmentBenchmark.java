package app.recap.enrichment;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A benchmark, not a test (surefire's default includes do not match the name): {@code bench/enrichment}. Runs
 * {@link EnrichmentEvaluation} with the defaults and ends with one line:
 * {@code BENCH enrichment stories=.. pairs=.. audience_f1_lexicon=.. audience_f1_model=.. dedup_precision_jaccard=..
 * dedup_recall_jaccard=.. dedup_precision_model=.. dedup_recall_model=.. ms_per_story=..}.
 */
class EnrichmentBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EnrichmentBenchmark.class);

    @Test
    void evaluate() {
        TextEncoder.encode("warm-up: the first call loads the model");
        EnrichmentEvaluation.Result r = EnrichmentEvaluation.run(EnrichmentProperties.defaults());
        log.info("audiences lexicon precision={} recall={} model precision={} recall={}",
                f(r.lexicon().precision()), f(r.lexicon().recall()), f(r.model().precision()), f(r.model().recall()));
        log.info(String.format(Locale.ROOT,
                "BENCH enrichment stories=%d pairs=%d audience_f1_lexicon=%s audience_f1_model=%s"
                        + " dedup_precision_jaccard=%s dedup_recall_jaccard=%s dedup_precision_model=%s"
                        + " dedup_recall_model=%s ms_per_story=%.1f",
                r.stories(), r.pairs(), f(r.lexicon().f1()), f(r.model().f1()), f(r.jaccard().precision()),
                f(r.jaccard().recall()), f(r.withEmbeddings().precision()), f(r.withEmbeddings().recall()),
                r.msPerStory()));
    }

    private static String f(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
