package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AudienceChooserTests {

    private static final long SECURITY = 1;
    private static final long LEGAL = 2;
    private static final long DESIGN = 3;

    private final AudienceChooser chooser = new AudienceChooser(0.30, 0.10, 0.08);

    /** Profiles along the axes, so a story's cosine to each is its coordinate there. */
    private static Map<Long, float[]> profiles() {
        Map<Long, float[]> profiles = new LinkedHashMap<>();
        profiles.put(SECURITY, new float[] {1, 0, 0});
        profiles.put(LEGAL, new float[] {0, 1, 0});
        profiles.put(DESIGN, new float[] {0, 0, 1});
        return profiles;
    }

    private static float[] story(double security, double legal, double design) {
        return Vectors.normalized(new float[] {(float) security, (float) legal, (float) design});
    }

    @Test
    void aStoryNearNoProfileGetsNoAudience() {
        // cosines 0.26 each: under the threshold, and no keyword to lift them
        assertThat(chooser.choose(story(0.26, 0.26, 0.93), Map.of(SECURITY, profiles().get(SECURITY),
                LEGAL, profiles().get(LEGAL)), Set.of())).isEmpty();
    }

    @Test
    void keepsTheBestAudienceAndThoseWithinTheMargin() {
        Map<Long, float[]> two = Map.of(SECURITY, profiles().get(SECURITY), LEGAL, profiles().get(LEGAL));
        // cosines 0.45 and 0.40: both over the threshold, 0.05 apart
        Map<Long, Double> chosen = chooser.choose(story(0.45, 0.40, 0.80), two, Set.of());
        assertThat(chosen.keySet()).containsExactly(SECURITY, LEGAL);
        assertThat(chosen.get(SECURITY)).isGreaterThan(chosen.get(LEGAL)).isLessThan(1.0);

        // 0.45 and 0.35: legal is over the threshold but 0.10 behind the best
        Map<Long, Double> clear = chooser.choose(story(0.45, 0.35, 0.82), two, Set.of());
        assertThat(clear.keySet()).containsExactly(SECURITY);
    }

    @Test
    void aLexiconKeywordLiftsAnAudienceOverTheThreshold() {
        Map<Long, float[]> two = Map.of(SECURITY, profiles().get(SECURITY), LEGAL, profiles().get(LEGAL));
        float[] faint = story(0.25, 0.05, 0.967);
        assertThat(chooser.choose(faint, two, Set.of())).isEmpty();
        Map<Long, Double> withKeyword = chooser.choose(faint, two, Set.of(SECURITY));
        assertThat(withKeyword.keySet()).containsExactly(SECURITY);
        assertThat(withKeyword.get(SECURITY)).isBetween(AudienceChooser.BASE_WEIGHT, 1.0);
    }
}
