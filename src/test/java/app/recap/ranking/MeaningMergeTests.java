package app.recap.ranking;

import static app.recap.ranking.HandBuiltWeek.DEVELOPERS;
import static app.recap.ranking.HandBuiltWeek.MONDAY;
import static app.recap.ranking.HandBuiltWeek.story;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.recap.story.Story;

/** Near-duplicates by the meaning of title and lede (embedding cosine), joined with the word rules. */
class MeaningMergeTests {

    private final StoryRanker ranker = new StoryRanker(RankingProperties.defaults());

    private static final Story WIRE = story(1, "Chipmaker to acquire inference start-up for $900 million",
            "The chipmaker agreed to buy the inference company, gaining its compiler team.", 0.8, MONDAY,
            Map.of(DEVELOPERS, 0.9), "Wire");
    private static final Story REWRITE = story(2, "Chip giant snaps up model-serving firm in $900M deal",
            "In a deal worth about 900 million dollars, the semiconductor firm is buying a cloud start-up.", 0.5,
            MONDAY.plusSeconds(3600), Map.of(DEVELOPERS, 0.6), "Daily");
    private static final Story OTHER_ROUND = story(3, "Inference start-up raises $120 million",
            "The inference company raised a new round from growth investors.", 0.5, MONDAY, Map.of(DEVELOPERS, 0.6),
            "Ledger");

    /** Unit vectors whose cosine is {@code cos}. */
    private static Map<Long, float[]> alike(long a, long b, double cos) {
        return Map.of(a, new float[] {1, 0}, b, new float[] {(float) cos, (float) Math.sqrt(1 - cos * cos)});
    }

    @Test
    void twoOutletsRewritingOneAnnouncementAreOneStoryWhenTheirMeaningIsClose() {
        assertThat(ranker.collapse(List.of(WIRE, REWRITE))).hasSize(2);

        List<StoryCluster> merged = ranker.collapse(List.of(WIRE, REWRITE),
                new StoryVectors(alike(1, 2, 0.87), 0.70));
        assertThat(merged).hasSize(1);
        assertThat(merged.get(0).lead().id()).isEqualTo(1);
        assertThat(merged.get(0).sources()).containsExactly("Wire", "Daily");

        assertThat(ranker.collapse(List.of(WIRE, REWRITE), new StoryVectors(alike(1, 2, 0.6), 0.70))).hasSize(2);
    }

    @Test
    void storiesWhoseNumbersDifferStayApartHoweverCloseTheirMeaning() {
        assertThat(ranker.collapse(List.of(WIRE, OTHER_ROUND), new StoryVectors(alike(1, 3, 0.95), 0.70)))
                .hasSize(2);
    }

    @Test
    void aStoryWithoutAVectorIsMatchedByWordsAlone() {
        assertThat(ranker.collapse(List.of(WIRE, REWRITE), new StoryVectors(Map.of(1L, new float[] {1, 0}), 0.70)))
                .hasSize(2);
    }

    @Test
    void explainsAMergeInWords() {
        List<MergeReason> reasons = ranker.explainMerge(List.of(WIRE, REWRITE),
                new StoryVectors(alike(1, 2, 0.87), 0.70));
        assertThat(reasons).singleElement().satisfies(r -> {
            assertThat(r.storyId()).isEqualTo(2);
            assertThat(r.sameAs()).isEqualTo(1);
            assertThat(r.measure()).isEqualTo("meaning");
            assertThat(r.explanation()).isEqualTo("same news as “Chipmaker to acquire inference start-up for"
                    + " $900 million” (Wire), similarity 0.87 (meaning of title and lede)");
        });
    }

    @Test
    void eachVersionIsExplainedByTheEarlierVersionItMatchesBestAndByItsStrongestMeasure() {
        Story lead = story(11, "Open model tops coding benchmark", "The lab released the weights of a model that "
                + "beats its rivals on programming tasks.", 0.8, MONDAY, Map.of(DEVELOPERS, 0.9), "Lab Notes");
        Story sameTitle = story(12, "Open model tops coding benchmark", "Readers can download it today.", 0.5,
                MONDAY.plusSeconds(600), Map.of(DEVELOPERS, 0.6), "Daily");
        Story sameMeaning = story(13, "Weights published for new assistant", "Researchers get a new toy.", 0.5,
                MONDAY.plusSeconds(1200), Map.of(DEVELOPERS, 0.6), "Ledger");
        Map<Long, float[]> vectors = Map.of(11L, new float[] {1, 0, 0}, 12L, new float[] {0, 1, 0},
                13L, new float[] {0, 0.9f, (float) Math.sqrt(1 - 0.81)});

        List<MergeReason> reasons = ranker.explainMerge(List.of(lead, sameTitle, sameMeaning),
                new StoryVectors(vectors, 0.70));

        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0).storyId()).isEqualTo(12);
        assertThat(reasons.get(0).sameAs()).isEqualTo(11);
        assertThat(reasons.get(0).measure()).as("identical titles, orthogonal vectors").isEqualTo("title");
        assertThat(reasons.get(0).similarity()).isEqualTo(1.0);
        assertThat(reasons.get(0).explanation()).isEqualTo("same news as “Open model tops coding benchmark” "
                + "(Lab Notes), similarity 1.00 (words of the titles)");
        // the third matches the second, not the lead: by meaning, cosine 0.90 against 0 with the lead
        assertThat(reasons.get(1).storyId()).isEqualTo(13);
        assertThat(reasons.get(1).sameAs()).isEqualTo(12);
        assertThat(reasons.get(1).measure()).isEqualTo("meaning");
        assertThat(reasons.get(1).similarity()).isCloseTo(0.9, org.assertj.core.api.Assertions.within(1e-6));
    }

    @Test
    void withoutVectorsAMergeIsExplainedByTitleOrByTitleAndLede() {
        Story lead = story(21, "Regulator fines cloud provider over outage", "The regulator fined the cloud "
                + "provider after a week-long outage cut off hospitals and banks across the region.", 0.8, MONDAY,
                Map.of(DEVELOPERS, 0.9), "Policy Watch");
        Story rewritten = story(22, "Penalty follows week-long disruption", "The regulator fined the cloud provider "
                + "after a week-long outage cut off hospitals and banks across the region.", 0.5,
                MONDAY.plusSeconds(600), Map.of(DEVELOPERS, 0.6), "Daily");

        List<MergeReason> reasons = ranker.explainMerge(List.of(lead, rewritten), StoryVectors.NONE);

        assertThat(reasons).singleElement().satisfies(r -> {
            assertThat(r.sameAs()).isEqualTo(21);
            assertThat(r.measure()).as("different titles, the same lede").isEqualTo("text");
            assertThat(r.explanation()).startsWith("same news as “Regulator fines cloud provider over outage” "
                    + "(Policy Watch), similarity ").endsWith(" (words of title and lede)");
        });
    }
}
