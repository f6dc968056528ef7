package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class ExtractiveSummaryTests {

    /** Sentences about the merger point one way, the asides another: the merger is what the item is about. */
    private static final Function<List<String>, List<float[]>> TOPICS = sentences -> {
        List<float[]> vectors = new ArrayList<>();
        for (String s : sentences) {
            vectors.add(s.contains("merger") || s.contains("deal") ? new float[] {1, 0, 0} : new float[] {0, 0, 1});
        }
        return vectors;
    };

    @Test
    void picksTheMostCentralSentencesInTheirOrder() {
        String text = "Subscribe to our newsletter for more. The merger of the two chip firms was approved on Monday. "
                + "Our office cat had kittens. The deal values the combined company at $40 billion. "
                + "Regulators say the merger needs no further review.";
        String tldr = ExtractiveSummary.of(text, 2, TOPICS);
        assertThat(tldr).isEqualTo("The merger of the two chip firms was approved on Monday. "
                + "The deal values the combined company at $40 billion.");
    }

    @Test
    void aShortTextIsItsOwnSummaryWithoutAskingTheModel() {
        Function<List<String>, List<float[]>> unused = s -> {
            throw new AssertionError("the model is not needed for two sentences");
        };
        assertThat(ExtractiveSummary.of("One sentence here. And a second one.", 2, unused))
                .isEqualTo("One sentence here. And a second one.");
        assertThat(ExtractiveSummary.of("  ", 2, unused)).isNull();
    }

    @Test
    void splitsOnSentenceEndsButNotInsideNumbers() {
        assertThat(ExtractiveSummary.sentences("Revenue rose 3.5 percent. Shares fell! Why? \"Nobody knows,\" a trader said."))
                .containsExactly("Revenue rose 3.5 percent.", "Shares fell!", "Why?", "\"Nobody knows,\" a trader said.");
    }
}
