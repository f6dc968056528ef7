package app.recap.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StoryVectorsTests {

    @Test
    void cosineIsTheDotProductOfTheUnitVectorsWhateverTheirLength() {
        Random random = new Random(7);
        for (int length = 1; length <= 9; length++) {
            float[] x = unit(random, length);
            float[] y = unit(random, length);
            StoryVectors vectors = new StoryVectors(Map.of(1L, x, 2L, y), 0.8);
            double dot = 0;
            for (int i = 0; i < length; i++) {
                dot += (double) x[i] * y[i];
            }
            assertThat(vectors.cosine(1, 2)).as("length " + length).isCloseTo(dot, within(1e-5));
            assertThat(vectors.cosine(2, 1)).isCloseTo(dot, within(1e-5));
            assertThat(vectors.cosine(1, 1)).as("a vector with itself").isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void everyComponentCountsTheLastOneOfAnOddLengthToo() {
        StoryVectors vectors = new StoryVectors(Map.of(
                1L, new float[] {0, 0, 1}, 2L, new float[] {0, 0, 1}, 3L, new float[] {0, 1, 0},
                4L, new float[] {0.6f, 0.8f}, 5L, new float[] {0.8f, 0.6f}, 6L, new float[] {1, 0, 0, 0, 0}), 0.8);

        assertThat(vectors.cosine(1, 2)).isEqualTo(1.0);
        assertThat(vectors.cosine(1, 3)).isEqualTo(0.0);
        assertThat(vectors.cosine(4, 5)).isCloseTo(0.96, within(1e-6));
        assertThat(vectors.cosine(3, 6)).as("different lengths").isNaN();
    }

    @Test
    void aStoryWithoutAVectorHasNoCosine() {
        StoryVectors vectors = new StoryVectors(Map.of(1L, new float[] {1, 0}), 0.8);

        assertThat(vectors.cosine(1, 2)).isNaN();
        assertThat(vectors.cosine(2, 1)).isNaN();
        assertThat(StoryVectors.NONE.cosine(1, 2)).isNaN();
    }

    @Test
    void theThresholdLiesInZeroExcludedToOneIncluded() {
        assertThat(new StoryVectors(Map.of(), 1).threshold()).isEqualTo(1);
        assertThat(new StoryVectors(Map.of(), Double.MIN_VALUE).threshold()).isEqualTo(Double.MIN_VALUE);
        for (double wrong : new double[] {0, -0.5, Math.nextUp(1.0), 2, Double.NaN}) {
            assertThatIllegalArgumentException().as("" + wrong).isThrownBy(() -> new StoryVectors(Map.of(), wrong));
        }
    }

    private static float[] unit(Random random, int length) {
        float[] v = new float[length];
        double norm = 0;
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextGaussian();
            norm += v[i] * v[i];
        }
        for (int i = 0; i < length; i++) {
            v[i] = (float) (v[i] / Math.sqrt(norm));
        }
        return v;
    }
}
