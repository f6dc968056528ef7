package app.recap.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.recap.story.Story;

class EngagementTests {

    static final double KAPPA = 20;

    /** Readers of this audience clicked Lab Notes' chip stories and ignored Policy Watch's hearings. */
    static final AudienceReading READING = new AudienceReading(1, List.of(
            new AudienceReading.Shown("Lab Notes", "Quantum chips ship", 100, 10),
            new AudienceReading.Shown("Policy Watch", "Senate hearing scheduled", 100, 0)));
    static final double MEAN = 10.0 / 200;

    @Test
    void withoutReaderClicksEveryLiftIsZero() {
        Story any = story("Lab Notes", "Quantum chips ship");

        for (Engagement neutral : List.of(Engagement.of(null, KAPPA),
                Engagement.of(new AudienceReading(1, List.of()), KAPPA),
                Engagement.of(new AudienceReading(1, List.of(
                        new AudienceReading.Shown("Lab Notes", "Quantum chips ship", 500, 0))), KAPPA))) {
            assertThat(neutral.neutral()).isTrue();
            assertThat(neutral.lift(any)).isZero();
            assertThat(neutral.describe(any)).isEqualTo("no reader clicks yet");
        }
        assertThat(Engagement.of(READING, KAPPA).neutral()).isFalse();
    }

    @Test
    void sourceAndTopicAreBetaPosteriorMeansAroundTheAudiencesRate() {
        Engagement engagement = Engagement.of(READING, KAPPA);
        Story chips = story("Lab Notes", "Quantum chips ship");
        Story hearing = story("Policy Watch", "Senate hearing scheduled");

        double labNotes = (10 + KAPPA * MEAN) / (100 + KAPPA);
        double policyWatch = (0 + KAPPA * MEAN) / (100 + KAPPA);
        assertThat(engagement.source(chips)).isCloseTo(labNotes, within(1e-12));
        assertThat(engagement.source(hearing)).isCloseTo(policyWatch, within(1e-12));
        // the two titles share no token; a title's tokens are pooled, each carrying its story's counts
        int chipTokens = StorySimilarity.tokens(chips.title()).length;
        int hearingTokens = StorySimilarity.tokens(hearing.title()).length;
        assertThat(chipTokens).isGreaterThan(1);
        double chipTopic = (10.0 * chipTokens + KAPPA * MEAN) / (100.0 * chipTokens + KAPPA);
        double hearingTopic = (KAPPA * MEAN) / (100.0 * hearingTokens + KAPPA);
        assertThat(engagement.topic(chips)).isCloseTo(chipTopic, within(1e-12));
        assertThat(engagement.topic(hearing)).isCloseTo(hearingTopic, within(1e-12));
        assertThat(engagement.estimate(chips)).isCloseTo((labNotes + chipTopic) / 2, within(1e-12));
        assertThat(engagement.lift(chips)).isCloseTo(Math.min(1, (labNotes + chipTopic) / 2 / MEAN - 1),
                within(1e-12)).isPositive();
        assertThat(engagement.lift(hearing)).isCloseTo((policyWatch + hearingTopic) / 2 / MEAN - 1, within(1e-12))
                .isNegative().isGreaterThan(-1);
        assertThat(engagement.describe(chips)).isEqualTo(String.format(java.util.Locale.ROOT,
                "source %.3f, topic %.3f vs audience %.3f over 200 impressions", labNotes, chipTopic, MEAN));
    }

    @Test
    void anUnseenSourceAndTopicStayAtTheAudiencesRate() {
        Engagement engagement = Engagement.of(READING, KAPPA);
        Story unseen = story("Cloudwire", "Garden festival opens");

        assertThat(engagement.source(unseen)).isCloseTo(MEAN, within(1e-12));
        assertThat(engagement.topic(unseen)).isCloseTo(MEAN, within(1e-12));
        assertThat(engagement.lift(unseen)).isCloseTo(0, within(1e-12));
    }

    @Test
    void sourcesMatchWhateverTheirCaseAndSpacesAndTopicsPoolTheirTokens() {
        Engagement engagement = Engagement.of(READING, KAPPA);

        assertThat(engagement.source(story("  lab NOTES ", "x"))).isEqualTo(engagement.source(story("Lab Notes", "x")));
        // a title with a token of each story pools both: 200 impressions, 10 clicks, smoothed once
        Story mixed = story("Cloudwire", "Quantum hearing");
        assertThat(engagement.topic(mixed)).isCloseTo((10 + KAPPA * MEAN) / (200 + KAPPA), within(1e-12));
        // a source shown under two titles adds both
        Engagement twice = Engagement.of(new AudienceReading(1, List.of(
                new AudienceReading.Shown("Lab Notes", "Quantum chips ship", 100, 10),
                new AudienceReading.Shown("lab notes", "Robots learn", 50, 5),
                new AudienceReading.Shown("Policy Watch", "Senate hearing scheduled", 50, 0))), KAPPA);
        double mean = 15.0 / 200;
        assertThat(twice.source(story("Lab Notes", "x"))).isCloseTo((15 + KAPPA * mean) / (150 + KAPPA),
                within(1e-12));
    }

    @Test
    void theLiftIsClampedToOneAndAStrongerPriorPullsTowardsTheRate() {
        AudienceReading lopsided = new AudienceReading(1, List.of(
                new AudienceReading.Shown("Lab Notes", "Quantum chips ship", 10, 10),
                new AudienceReading.Shown("Policy Watch", "Senate hearing scheduled", 10_000, 0)));
        Story chips = story("Lab Notes", "Quantum chips ship");

        assertThat(Engagement.of(lopsided, 1).lift(chips)).isEqualTo(1.0);
        double weak = Engagement.of(READING, 5).lift(chips);
        double strong = Engagement.of(READING, 500).lift(chips);
        assertThat(weak).isGreaterThan(strong).isGreaterThan(0);
        int tokens = StorySimilarity.tokens(chips.title()).length;
        double source = (10 + 500 * MEAN) / (100 + 500);
        double topic = (10.0 * tokens + 500 * MEAN) / (100.0 * tokens + 500);
        assertThat(strong).isCloseTo((source + topic) / 2 / MEAN - 1, within(1e-12));
    }

    private static Story story(String source, String title) {
        return HandBuiltWeek.story(1, title, "summary", 0.5, HandBuiltWeek.MONDAY, Map.of(), source);
    }
}
