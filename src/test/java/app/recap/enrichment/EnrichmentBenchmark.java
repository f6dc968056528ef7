package app.recap.enrichment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.recap.ranking.RankingProperties;
import app.recap.ranking.StoryRanker;
import app.recap.ranking.StoryVectors;
import app.recap.story.Story;

/**
 * A benchmark, not a test (surefire's default includes do not match the name): {@code bench/enrichment}. Runs
 * {@link EnrichmentEvaluation} with the defaults and ends with one line:
 * {@code BENCH enrichment stories=.. pairs=.. audience_f1_lexicon=.. audience_f1_model=.. dedup_precision_jaccard=..
 * dedup_recall_jaccard=.. dedup_precision_model=.. dedup_recall_model=.. ms_per_story=..}, after the line of
 * {@link #weeklyMerge}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnrichmentBenchmark {

    private static final Logger log = LoggerFactory.getLogger(EnrichmentBenchmark.class);

    /**
     * The weekly job's added cost: the collect step's merge of {@code bench.stories} stories (default 5,000) with
     * and without their vectors, which it reads (and decodes from their stored form) instead of computing them.
     * Prints {@code BENCH enrichment-weekly stories=.. decode_ms=.. merge_ms_words=.. merge_ms_with_vectors=..}.
     */
    @Test
    @Order(1)
    void weeklyMerge() {
        int n = Integer.getInteger("bench.stories", 5000);
        List<EnrichmentEvaluation.LabelledStory> fixtures = EnrichmentEvaluation.stories();
        Random random = new Random(42);
        List<Story> stories = new ArrayList<>();
        List<String> stored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EnrichmentEvaluation.LabelledStory f = fixtures.get(i % fixtures.size());
            // a fixture's words plus a serial so every story differs, as a real week's do
            stories.add(EnrichmentEvaluation.story(i + 1, f.title() + " part " + i, f.summary(), "Outlet " + (i % 40)));
            float[] v = new float[TextEncoder.DIMENSIONS];
            for (int d = 0; d < v.length; d++) {
                v[d] = (float) random.nextGaussian();
            }
            stored.add(Vectors.encode(Vectors.normalized(v)));
        }
        StoryRanker ranker = new StoryRanker(RankingProperties.defaults());
        ranker.collapse(stories.subList(0, 500), StoryVectors.NONE);
        long t0 = System.nanoTime();
        Map<Long, float[]> vectors = new HashMap<>();
        for (int i = 0; i < n; i++) {
            vectors.put((long) i + 1, Vectors.decode(stored.get(i)));
        }
        long t1 = System.nanoTime();
        int byWords = ranker.collapse(stories, StoryVectors.NONE).size();
        long t2 = System.nanoTime();
        int withVectors = ranker.collapse(stories, new StoryVectors(vectors, 0.70)).size();
        long t3 = System.nanoTime();
        log.info("weekly merge clusters words={} withVectors={}", byWords, withVectors);
        log.info(String.format(Locale.ROOT,
                "BENCH enrichment-weekly stories=%d decode_ms=%d merge_ms_words=%d merge_ms_with_vectors=%d", n,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
    }

    @Test
    @Order(2)
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
