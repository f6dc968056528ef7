package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextEncoderTests {

    @Test
    void rewritesOfOneAnnouncementAreCloserThanALookAlike() {
        float[] a = TextEncoder.encode("Acme releases Nova-3, a faster open-weights language model");
        float[] b = TextEncoder.encode("Nova-3 is out: Acme's new open model runs twice as fast");
        float[] c = TextEncoder.encode("Regulators fine Acme over a data breach at its cloud unit");
        assertThat(a).hasSize(TextEncoder.DIMENSIONS);
        assertThat(Vectors.cosine(a, a)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(Vectors.cosine(a, b)).isGreaterThan(Vectors.cosine(a, c) + 0.2);
    }

    @Test
    void storedFormRoundTrips() {
        float[] v = TextEncoder.encode("Round trip");
        assertThat(Vectors.decode(Vectors.encode(v))).containsExactly(v);
        assertThat(Vectors.encode(v)).hasSizeLessThan(4000);
    }
}
