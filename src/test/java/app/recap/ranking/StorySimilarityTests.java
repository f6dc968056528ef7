package app.recap.ranking;

import static app.recap.ranking.HandBuiltWeek.DEVELOPERS;
import static app.recap.ranking.HandBuiltWeek.day;
import static app.recap.ranking.HandBuiltWeek.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.recap.story.Story;
import app.recap.story.TitleKeys;
import app.recap.story.Tldr;

class StorySimilarityTests {

    @Test
    void ledeIsTheSummarysFirstSentenceNotTheTldr() {
        Story story = withSummary("Acme ships Nova-3. Prices fall next month! More later.", "A different tldr.");

        assertThat(StorySimilarity.lede(story)).isEqualTo("Acme ships Nova-3.");
    }

    @Test
    void ledeFallsBackToTheTldrWhenTheSummaryIsMissingOrBlank() {
        assertThat(StorySimilarity.lede(withSummary(null, "Nova-3 reads a million tokens. It costs less.")))
                .isEqualTo("Nova-3 reads a million tokens.");
        assertThat(StorySimilarity.lede(withSummary("   ", "Nova-3 reads a million tokens.")))
                .isEqualTo("Nova-3 reads a million tokens.");
        assertThat(StorySimilarity.lede(withSummary(null, null))).isEmpty();
    }

    @Test
    void aSummaryWithoutSentenceEndIsTheLedeUpToFortyWords() {
        String forty = words(40);
        String fortyOne = words(41);

        assertThat(StorySimilarity.lede(withSummary("Short summary without a full stop", null)))
                .isEqualTo("Short summary without a full stop");
        assertThat(StorySimilarity.lede(withSummary(forty, null))).isEqualTo(forty);
        assertThat(StorySimilarity.lede(withSummary(fortyOne, null))).isEqualTo(forty);
    }

    @Test
    void storiesRewritingOneLedeAreAlikeThoughTheirTldrsDiffer() {
        Story a = full(1, "Acme unveils Nova-3", "Acme released Nova-3 with a one-million-token context window.",
                "Bigger context.");
        Story b = full(2, "Nova-3 arrives", "Acme released Nova-3 with a one-million-token context window today.",
                "Cheaper too.");

        StorySimilarity similarity = new StorySimilarity(List.of(a, b));

        assertThat(similarity.texts(1, 2)).isGreaterThan(0.6);
    }

    @ParameterizedTest
    @CsvSource({ "added, add", "adds, add", "adding, add", "called, call", "calls, call", "thing, thing",
            "things, thing", "shed, shed", "sheds, shed", "axe, axe", "axes, axe", "agree, agre", "agrees, agre",
            "gas, gas", "use, use", "uses, use", "sketchy, sketchy", "boxer, boxer", "flies, fly", "ties, tie" })
    void variantsOfOneWordMeetAndShortWordsKeepTheirLetters(String word, String stem) {
        assertThat(StorySimilarity.stem(word)).isEqualTo(stem);
    }

    @Test
    void topicIsTheSharedShareOfTheShorterTitle() {
        Story sdk = story(1, "Quillstack SDK 4 adds typed tool calling", "", 0.8, day(1, 0), Map.of(DEVELOPERS, 1.0),
                "Wire");
        Story guide = story(2, "Quillstack SDK 4 migration guide warns of breaking changes", "", 0.8, day(1, 0),
                Map.of(DEVELOPERS, 1.0), "Wire");

        StorySimilarity similarity = new StorySimilarity(List.of(sdk, guide));

        // quillstack, sdk, 4 shared; the shorter title has 7 tokens
        assertThat(similarity.topic(1, 2)).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(similarity.titles(1, 2)).isCloseTo(3.0 / 12, within(1e-12));
    }

    @Test
    void aWordInExactlyAQuarterOfTheWeekStillMarksATopic() {
        assertThat(topicOfTwoStoriesSharingAWordWith(5)).as("5 of 20 stories").isGreaterThan(0);
        assertThat(topicOfTwoStoriesSharingAWordWith(6)).as("6 of 20 stories").isZero();
    }

    private static double topicOfTwoStoriesSharingAWordWith(int storiesWithTheWord) {
        List<Story> week = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            String title = "Item" + id + " report" + id + (id <= storiesWithTheWord ? " quillstack" : "");
            week.add(story(id, title, "", 0.5, day(1, 0), Map.of(DEVELOPERS, 0.5), "Wire"));
        }
        return new StorySimilarity(week).topic(1, 2);
    }

    private static String words(int count) {
        return String.join(" ", Collections.nCopies(count, "word"));
    }

    private static Story withSummary(String summary, String whatChanged) {
        return full(1, "A title", summary, whatChanged);
    }

    private static Story full(long id, String title, String summary, String whatChanged) {
        return new Story(id, "https://news.example/" + id, title, TitleKeys.of(title), summary, "Wire", day(1, 0),
                false, day(1, 0).plus(Duration.ofMinutes(5)), new Tldr(whatChanged, null, null), 0.5, List.of(),
                Map.of(DEVELOPERS, 0.5), List.of(new Story.StorySource("Wire", "https://news.example/" + id)));
    }
}
