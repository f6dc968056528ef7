package app.recap.ranking;

import static app.recap.ranking.HandBuiltWeek.AUTHORITY;
import static app.recap.ranking.HandBuiltWeek.DEVELOPERS;
import static app.recap.ranking.HandBuiltWeek.FLOOD;
import static app.recap.ranking.HandBuiltWeek.MONDAY;
import static app.recap.ranking.HandBuiltWeek.NOVA;
import static app.recap.ranking.HandBuiltWeek.RESEARCH;
import static app.recap.ranking.HandBuiltWeek.SECURITY;
import static app.recap.ranking.HandBuiltWeek.WEEK_END;
import static app.recap.ranking.HandBuiltWeek.day;
import static app.recap.ranking.HandBuiltWeek.story;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import app.recap.story.Story;

class StoryRankerTests {

    private static final RankingProperties DEFAULTS = RankingProperties.defaults();
    private static final List<Long> ALL = List.of(SECURITY, DEVELOPERS, RESEARCH);

    private final StoryRanker ranker = new StoryRanker(DEFAULTS);

    @Test
    void fiveOutletsRewritingOneAnnouncementBecomeOneStoryCitingTheOthers() {
        List<StoryCluster> clusters = ranker.collapse(HandBuiltWeek.stories());

        assertThat(clusters).hasSize(HandBuiltWeek.stories().size() - 4);
        StoryCluster nova = clusters.stream().filter(c -> NOVA.contains(c.lead().id())).findFirst().orElseThrow();
        assertThat(nova.mergedStoryIds()).containsExactlyInAnyOrderElementsOf(NOVA);
        assertThat(nova.lead().id()).as("the most important version leads").isEqualTo(1);
        assertThat(nova.coverage()).isEqualTo(5);
        assertThat(nova.alsoIn()).containsExactly("Journal", "Daily", "Post", "Tribune");
    }

    @Test
    void differentStoriesOnOneTopicStaySeparate() {
        List<StoryCluster> clusters = ranker.collapse(HandBuiltWeek.stories());

        assertThat(clusters).filteredOn(c -> FLOOD.contains(c.lead().id()))
                .hasSize(5).allSatisfy(c -> assertThat(c.coverage()).isEqualTo(1));
    }

    @Test
    void nearIdenticalTitlesFromTwoSourcesCollapseIntoOneCluster() {
        Story alpha = story(1, "Acme patches critical flaw in Widget Server", "Acme fixed a remote code execution bug.",
                0.6, MONDAY.plus(Duration.ofHours(9)), Map.of(SECURITY, 0.9), "Alpha News");
        Story beta = story(2, "Acme patches critical Widget Server flaw", "Update now, Acme tells administrators.",
                0.9, MONDAY.plus(Duration.ofHours(20)), Map.of(SECURITY, 0.5, DEVELOPERS, 0.7), "Beta Times");

        List<StoryCluster> clusters = ranker.collapse(List.of(alpha, beta));

        assertThat(clusters).singleElement().satisfies(cluster -> {
            assertThat(cluster.lead().id()).as("the more important version leads").isEqualTo(2);
            assertThat(cluster.coverage()).isEqualTo(2);
            assertThat(cluster.sources()).containsExactly("Beta Times", "Alpha News");
            assertThat(cluster.alsoIn()).containsExactly("Alpha News");
            assertThat(cluster.mergedStoryIds()).containsExactly(2L, 1L);
            assertThat(cluster.audienceWeights()).containsOnly(Map.entry(SECURITY, 0.9), Map.entry(DEVELOPERS, 0.7));
        });
    }

    @Test
    void equallyImportantDuplicatesAreLedByTheEarliest() {
        Story late = story(1, "Widget Server 4.2 released with faster startup", "Startup time halves.", 0.7,
                MONDAY.plus(Duration.ofDays(2)), Map.of(DEVELOPERS, 0.8), "Alpha News");
        Story early = story(2, "Widget Server 4.2 released, faster startup", "The release starts twice as fast.", 0.7,
                MONDAY.plus(Duration.ofDays(1)), Map.of(DEVELOPERS, 0.8), "Beta Times");

        assertThat(ranker.collapse(List.of(late, early))).singleElement()
                .satisfies(cluster -> assertThat(cluster.lead().id()).isEqualTo(2));
    }

    @Test
    void unrelatedStoriesStaySeparateEvenWhenTheyShareAName() {
        Story patch = story(1, "Acme patches critical flaw in Widget Server",
                "Acme fixed a remote code execution bug in its web server.", 0.8, day(1, 0), Map.of(SECURITY, 0.9),
                "Alpha News");
        Story rates = story(2, "Central bank holds interest rates steady",
                "The central bank left its main rate unchanged for a third month.", 0.8, day(2, 0),
                Map.of(DEVELOPERS, 0.2), "Beta Times");
        Story release = story(3, "Acme releases Widget Server 5 beta",
                "A beta of the next major version adds HTTP/3 and a plugin system.", 0.8, day(3, 0),
                Map.of(DEVELOPERS, 0.9), "Gamma Post");

        List<StoryCluster> clusters = ranker.collapse(List.of(release, rates, patch));

        assertThat(clusters).extracting(c -> c.lead().id()).containsExactly(1L, 2L, 3L);
        assertThat(clusters).allSatisfy(c -> assertThat(c.coverage()).isEqualTo(1));
    }

    @Test
    void sameSourceTwiceCountsOnceInCoverage() {
        Story a = story(1, "Acme patches critical flaw in Widget Server", "Acme fixed a bug.", 0.8, MONDAY,
                Map.of(SECURITY, 0.9), "Alpha News");
        Story b = story(2, "Acme patches critical Widget Server flaw", "Acme fixed a bug.", 0.7, MONDAY,
                Map.of(SECURITY, 0.9), "Alpha News");

        assertThat(ranker.collapse(List.of(a, b))).singleElement()
                .satisfies(c -> assertThat(c.coverage()).isEqualTo(1));
    }

    @Test
    void widelyCoveredStoryLeadsTheEditionAheadOfMoreImportantSingleSourceStories() {
        Ranking ranking = rank(ranker, HandBuiltWeek.stories());

        RankedStory top = ranking.lead().get(0);
        assertThat(top.storyId()).isEqualTo(1L);
        assertThat(top.parts().coverage()).isCloseTo(0.8, within(1e-9));
        RankedStory flood = ranking.lead().stream().filter(r -> FLOOD.contains(r.storyId())).findFirst().orElseThrow();
        assertThat(flood.parts().importance()).as("the flood is rated more important").isGreaterThan(top.parts().importance());
        assertThat(top.score()).isGreaterThan(flood.score());
    }

    @Test
    void oneTopicFloodIsDiversifiedInWhatDevelopersSee() {
        Ranking diversified = rank(ranker, HandBuiltWeek.stories());
        Ranking byScoreAlone = rank(new StoryRanker(withDiversity(1.0)), HandBuiltWeek.stories());

        assertThat(floodStoriesSeenByDevelopers(byScoreAlone)).as("by score alone the flood fills the email").isEqualTo(5);
        assertThat(floodStoriesSeenByDevelopers(diversified)).as("the topic stays, once or twice").isBetween(1L, 2L);
        List<RankedStory> developers = diversified.byAudience().get(DEVELOPERS);
        assertThat(developers.subList(0, 5)).filteredOn(r -> FLOOD.contains(r.storyId()))
                .allSatisfy(r -> assertThat(r.redundancy()).isLessThan(0.2));
        assertThat(developers).filteredOn(r -> FLOOD.contains(r.storyId()) && r.redundancy() > 0.2)
                .as("the flood's other stories are held back as alike the first").isNotEmpty()
                .allSatisfy(r -> assertThat(FLOOD).contains(r.similarStoryId()));
    }

    /** Flood stories in the lead section plus the developers' section, as an email for developers shows them. */
    private static long floodStoriesSeenByDevelopers(Ranking ranking) {
        return Stream.concat(ranking.lead().stream().limit(DEFAULTS.leadSize()),
                ranking.byAudience().get(DEVELOPERS).stream().limit(DEFAULTS.topPerAudience()))
                .filter(r -> FLOOD.contains(r.storyId())).count();
    }

    @Test
    void sectionsLeaveOutTheLeadStories() {
        Ranking ranking = rank(ranker, HandBuiltWeek.stories());

        List<Long> lead = ranking.lead().stream().limit(DEFAULTS.leadSize()).map(RankedStory::storyId).toList();
        assertThat(lead).hasSize(3).doesNotHaveDuplicates();
        assertThat(ranking.byAudience()).containsOnlyKeys(SECURITY, DEVELOPERS, RESEARCH);
        ranking.byAudience().values().forEach(section -> assertThat(section).extracting(RankedStory::storyId)
                .doesNotContainAnyElementsOf(lead).doesNotHaveDuplicates());
        assertThat(ranking.lead()).as("every relevant story is listed for explanation").hasSize(19);
    }

    @Test
    void everyScoreIsExplainedByItsParts() {
        Ranking ranking = rank(ranker, HandBuiltWeek.stories());

        List<RankedStory> all = new ArrayList<>(ranking.lead());
        ranking.byAudience().values().forEach(all::addAll);
        assertThat(all).allSatisfy(r -> {
            assertThat(r.score()).isCloseTo(r.parts().score(DEFAULTS), within(1e-12));
            assertThat(r.explanation()).startsWith("relevance ").contains("importance ").contains("coverage ");
            assertThat(r.marginalScore()).isCloseTo(
                    DEFAULTS.diversity() * r.score() / topScore(ranking, r) - (1 - DEFAULTS.diversity()) * r.redundancy(),
                    within(1e-9));
        });
    }

    private static double topScore(Ranking ranking, RankedStory story) {
        List<RankedStory> list = ranking.lead().contains(story) ? ranking.lead()
                : ranking.byAudience().values().stream().filter(l -> l.contains(story)).findFirst().orElseThrow();
        return list.stream().mapToDouble(RankedStory::score).max().orElseThrow();
    }

    @Test
    void scoreCombinesTheWeightedComponents() {
        // published 3.5 days before the week end: freshness 0.5; one source: coverage 0; authority given 0.8
        Story story = story(7, "Harbour bridge reopens to traffic", "The bridge is open again.", 0.6,
                WEEK_END.minus(Duration.ofHours(84)), Map.of(DEVELOPERS, 0.5), "Alpha News");

        Ranking ranking = ranker.rank(ranker.collapse(List.of(story)), Map.of("Alpha News", 0.8), WEEK_END, ALL);

        double expected = 0.5 * (0.6 * 0.45 + 0.5 * 0.20 + 0 * 0.25 + 0.8 * 0.10) / 1.0;
        assertThat(ranking.lead()).singleElement().satisfies(r -> {
            assertThat(r.storyId()).isEqualTo(7);
            assertThat(r.score()).isCloseTo(expected, within(1e-9));
            assertThat(r.parts()).isEqualTo(new ScoreParts(0.5, 0.6, 0.5, 0.0, 0.8));
            assertThat(r.explanation()).startsWith("relevance 0.50 × (importance 0.60·0.45 + freshness 0.50·0.20");
        });
    }

    @Test
    void aStoryLeadsOnlyThroughAudiencesTheListOffers() {
        Story researchOnly = story(1, "Routing method cuts training compute", "A paper.", 0.9, day(1, 0),
                Map.of(RESEARCH, 0.9), "Journal");
        Story security = story(2, "Help desks targeted with cloned voices", "An advisory.", 0.5, day(1, 0),
                Map.of(SECURITY, 0.6), "Wire");

        Ranking ranking = ranker.rank(ranker.collapse(List.of(researchOnly, security)), AUTHORITY, WEEK_END,
                List.of(SECURITY, DEVELOPERS));

        assertThat(ranking.lead()).extracting(RankedStory::storyId).containsExactly(2L);
    }

    @Test
    void sameStoriesInAnyOrderGiveTheSameEdition() {
        List<Story> stories = new ArrayList<>(HandBuiltWeek.stories());
        List<StoryCluster> clusters = ranker.collapse(stories);
        Ranking first = ranker.rank(clusters, AUTHORITY, WEEK_END, ALL);

        for (long seed = 1; seed <= 5; seed++) {
            Collections.shuffle(stories, new Random(seed));
            List<StoryCluster> again = ranker.collapse(stories);
            assertThat(again).isEqualTo(clusters);
            List<StoryCluster> shuffledClusters = new ArrayList<>(again);
            Collections.shuffle(shuffledClusters, new Random(seed));
            assertThat(ranker.rank(shuffledClusters, AUTHORITY, WEEK_END, List.of(RESEARCH, SECURITY, DEVELOPERS)))
                    .isEqualTo(first);
        }
    }

    @Test
    void similarityIgnoresCaseAccentsAndInflection() {
        assertThat(StorySimilarity.tokenList("Acme RELEASES Nova-3; café models released"))
                .containsExactlyInAnyOrder("3", "acm", "caf", "model", "nova", "releas");
        assertThat(StorySimilarity.stem("patches")).isEqualTo(StorySimilarity.stem("patched")).isEqualTo("patch");
        assertThat(StorySimilarity.stem("shipping")).isEqualTo(StorySimilarity.stem("ships")).isEqualTo("ship");
        assertThat(StorySimilarity.stem("studies")).isEqualTo("study");
        assertThat(StorySimilarity.stem("class")).isEqualTo("class");
    }

    @Test
    void wordsMostOfTheWeekSharesDoNotMakeATopic() {
        List<Story> week = new ArrayList<>();
        for (long id = 1; id <= 20; id++) {
            week.add(story(id, "AI model " + WORDS[(int) id] + " " + WORDS[(int) id + 19], "A model story.", 0.5,
                    day(1, 0), Map.of(DEVELOPERS, 0.5), "Wire"));
        }
        StorySimilarity similarity = new StorySimilarity(week);

        assertThat(similarity.titles(1, 2)).as("the duplicate measure still sees them").isGreaterThan(0);
        assertThat(similarity.topic(1, 2)).isZero();
        assertThat(new StorySimilarity(week.subList(0, 5)).topic(1, 2)).as("five stories are too few to tell")
                .isGreaterThan(0);
    }

    private static final String[] WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
            + "mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu amber basil "
            + "cedar dune ember fjord grove heath iris jade kelp lotus moss nettle").split(" ");

    private static Ranking rank(StoryRanker ranker, List<Story> stories) {
        return ranker.rank(ranker.collapse(stories), AUTHORITY, WEEK_END, ALL);
    }

    private static RankingProperties withDiversity(double lambda) {
        RankingProperties d = DEFAULTS;
        return new RankingProperties(d.topPerAudience(), d.leadSize(), d.minSectionStories(), d.minEditionStories(),
                d.importanceWeight(), d.freshnessWeight(), d.coverageWeight(), d.authorityWeight(), lambda,
                d.duplicateTitleSimilarity(), d.duplicateTextSimilarity());
    }


    // Stories built to score exactly: published seven days before the week end (freshness 0) by one source of
    // authority 0, so a story's score is relevance × 0.45 × importance under the default weights.
    private static final Map<String, Double> NO_AUTHORITY = Map.of("Wire", 0.0);
    private static final String SDK = "Quillstack SDK 4 adds typed tool calling";
    /** Shares "Quillstack SDK 4" with {@link #SDK}: 3 of the shorter title's 7 tokens, topic similarity 3/7. */
    private static final String SDK_GUIDE = "Quillstack SDK 4 migration guide warns of breaking changes";
    private static final String POSTGRES = "Postgres 19 beta brings built-in vector search";

    private static Story scored(long id, String title, double importance, Map<Long, Double> weights) {
        return story(id, title, "", importance, MONDAY, weights, "Wire");
    }

    private static Ranking rankExactly(RankingProperties properties, Story... stories) {
        StoryRanker ranker = new StoryRanker(properties);
        return ranker.rank(ranker.collapse(List.of(stories)), NO_AUTHORITY, WEEK_END, ALL);
    }

    @Test
    void aTitleAloneAsAlikeAsTheThresholdMakesOneStory() {
        // identical headlines over ledes with nothing in common: only the title rule can join them
        Story wire = story(1, "Acme patches Widget Server flaw",
                "Administrators should update every installation before Friday because attackers scan networks.", 0.8,
                day(1, 0), Map.of(SECURITY, 0.9), "Wire");
        Story daily = story(2, "Acme patches Widget Server flaw",
                "Researchers found the bug while fuzzing request parsing during a routine audit last month.", 0.7,
                day(1, 2), Map.of(SECURITY, 0.9), "Daily");
        // its 3 title tokens are among the other's 5: Jaccard 0.6, exactly the default threshold
        Story post = story(3, "Acme patches Widget", "Nothing here resembles the other two texts at all.", 0.6,
                day(1, 4), Map.of(SECURITY, 0.9), "Post");
        StorySimilarity similarity = new StorySimilarity(List.of(wire, daily, post));
        assertThat(similarity.texts(1, 2)).as("the text rule alone would not join them")
                .isLessThan(DEFAULTS.duplicateTextSimilarity());

        assertThat(ranker.collapse(List.of(wire, daily))).singleElement()
                .satisfies(c -> assertThat(c.mergedStoryIds()).containsExactly(1L, 2L));
        assertThat(similarity.titles(1, 3)).isEqualTo(0.6);
        assertThat(similarity.texts(1, 3)).isLessThan(DEFAULTS.duplicateTextSimilarity());
        assertThat(ranker.collapse(List.of(wire, post))).singleElement()
                .satisfies(c -> assertThat(c.mergedStoryIds()).containsExactly(1L, 3L));
    }

    @Test
    void titlesLessAlikeThanTheThresholdStayTwoStories() {
        Story wire = story(1, "Acme patches Widget Server flaw",
                "Administrators should update every installation before Friday because attackers scan networks.", 0.8,
                day(1, 0), Map.of(SECURITY, 0.9), "Wire");
        // 2 of 6 title tokens shared: Jaccard 0.33
        Story other = story(2, "Acme Widget outage", "Nothing here resembles the other text at all.", 0.7,
                day(1, 2), Map.of(SECURITY, 0.9), "Daily");

        assertThat(ranker.collapse(List.of(wire, other))).hasSize(2);
    }

    @Test
    void aStoryEquallyAlikeTwoOthersJoinsTheMoreImportant() {
        Story first = story(1, "Alpha bravo charlie delta", "", 0.9, day(1, 0), Map.of(SECURITY, 0.9), "Wire");
        Story second = story(2, "Kilo lima mike oscar", "", 0.8, day(1, 1), Map.of(SECURITY, 0.9), "Daily");
        Story between = story(3, "Alpha bravo kilo lima", "", 0.5, day(1, 2), Map.of(SECURITY, 0.9), "Post");

        List<StoryCluster> clusters = ranker.collapse(List.of(between, second, first));

        assertThat(clusters).extracting(StoryCluster::mergedStoryIds)
                .containsExactly(List.of(1L, 3L), List.of(2L));
    }

    @Test
    void storiesPublishedAtTheSameMomentComeInIdOrder() {
        Story minor = story(1, "Harbour bridge reopens to traffic", "", 0.5, day(2, 0), Map.of(SECURITY, 0.9), "Wire");
        Story major = story(2, "Central bank holds interest rates steady", "", 0.9, day(2, 0), Map.of(SECURITY, 0.9),
                "Daily");

        assertThat(ranker.collapse(List.of(major, minor))).extracting(c -> c.lead().id()).containsExactly(1L, 2L);
    }

    @Test
    void aStoryIsNotShownToAnAudienceThatGivesItNoWeight() {
        Story story = scored(1, SDK, 0.8, Map.of(DEVELOPERS, 0.8, RESEARCH, 0.0));

        Ranking ranking = rankExactly(with(0, 5, 0.6), story);

        assertThat(ranking.byAudience()).containsOnlyKeys(DEVELOPERS);
    }

    @Test
    void afterEachPickTheRestAreComparedWithIt() {
        Ranking ranking = rankExactly(DEFAULTS, scored(1, SDK, 1.0, Map.of(DEVELOPERS, 1.0)),
                scored(2, SDK_GUIDE, 0.9, Map.of(DEVELOPERS, 1.0)), scored(3, POSTGRES, 0.8, Map.of(DEVELOPERS, 1.0)));

        assertThat(ranking.lead()).extracting(RankedStory::storyId).as("the second SDK story is held back")
                .containsExactly(1L, 3L, 2L);
        RankedStory first = ranking.lead().get(0);
        assertThat(first.similarStoryId()).isNull();
        assertThat(first.explanation()).endsWith("; diversity: nothing above, 0.600");
        RankedStory unrelated = ranking.lead().get(1);
        assertThat(unrelated.similarStoryId()).as("nothing above is like it").isNull();
        assertThat(unrelated.redundancy()).isZero();
        assertThat(unrelated.explanation()).endsWith("; diversity: nothing above, 0.480");
        RankedStory heldBack = ranking.lead().get(2);
        assertThat(heldBack.similarStoryId()).isEqualTo(1L);
        assertThat(heldBack.redundancy()).isCloseTo(3.0 / 7, within(1e-12));
        assertThat(heldBack.explanation()).endsWith("; diversity: 0.43 alike story 1, 0.369");
    }

    @Test
    void aMuchBetterStoryOnOneTopicStillBeatsAWeakUnrelatedOneWhateverTheScale() {
        for (double relevance : new double[] {1.0, 0.5}) {
            Ranking ranking = rankExactly(DEFAULTS, scored(1, SDK, 1.0, Map.of(DEVELOPERS, relevance)),
                    scored(2, SDK_GUIDE, 0.9, Map.of(DEVELOPERS, relevance)),
                    scored(3, POSTGRES, 0.4, Map.of(DEVELOPERS, relevance)));

            assertThat(ranking.lead()).extracting(RankedStory::storyId).as("relevance %s", relevance)
                    .containsExactly(1L, 2L, 3L);
            // λ·0.9 − (1−λ)·3/7, the same at any scale since scores are divided by the best one
            assertThat(ranking.lead().get(1).marginalScore()).isCloseTo(0.6 * 0.9 - 0.4 * 3 / 7, within(1e-9));
        }
    }

    @Test
    void aSectionIsDiversifiedAgainstTheLeadAboveIt() {
        Ranking ranking = rankExactly(with(1, 5, 0.6), scored(1, SDK, 1.0, Map.of(DEVELOPERS, 1.0)),
                scored(2, SDK_GUIDE, 0.9, Map.of(DEVELOPERS, 1.0)), scored(3, POSTGRES, 0.85, Map.of(DEVELOPERS, 1.0)));

        assertThat(ranking.lead()).extracting(RankedStory::storyId)
                .as("past the lead section the list follows the score alone").containsExactly(1L, 2L, 3L);
        List<RankedStory> developers = ranking.byAudience().get(DEVELOPERS);
        assertThat(developers).extracting(RankedStory::storyId).containsExactly(3L, 2L);
        assertThat(developers.get(0).similarStoryId()).as("unlike the lead story").isNull();
        assertThat(developers.get(1).similarStoryId()).as("alike the lead story").isEqualTo(1L);
        assertThat(developers.get(1).redundancy()).isCloseTo(3.0 / 7, within(1e-12));
    }

    @Test
    void equallyScoredUnrelatedStoriesComeInIdOrder() {
        Ranking ranking = rankExactly(DEFAULTS, scored(8, POSTGRES, 0.7, Map.of(DEVELOPERS, 1.0)),
                scored(7, SDK, 0.7, Map.of(DEVELOPERS, 1.0)));

        assertThat(ranking.lead()).extracting(RankedStory::storyId).containsExactly(7L, 8L);
    }

    @Test
    void storiesThatAllScoreZeroAreStillListed() {
        Ranking ranking = rankExactly(DEFAULTS, scored(1, SDK, 0.0, Map.of(DEVELOPERS, 1.0)),
                scored(2, POSTGRES, 0.0, Map.of(DEVELOPERS, 1.0)));

        assertThat(ranking.lead()).extracting(RankedStory::storyId).containsExactly(1L, 2L);
        assertThat(ranking.lead()).allSatisfy(r -> assertThat(r.marginalScore()).isZero());
    }

    @Test
    void weightsAreRelativeAndCoverageCounts() {
        // two sources: coverage 0.5; 3.5 days old: freshness 0.5; the better source's authority 0.8
        Story story = story(7, "Harbour bridge reopens to traffic", "The bridge is open again.", 0.6,
                WEEK_END.minus(Duration.ofHours(84)), Map.of(DEVELOPERS, 0.5), "Alpha News", "Beta Times");
        RankingProperties doubled = RankingPropertiesTests.weights(0.9, 0.4, 0.5, 0.2);
        StoryRanker heavier = new StoryRanker(doubled);

        Ranking ranking = heavier.rank(heavier.collapse(List.of(story)), Map.of("Alpha News", 0.6, "Beta Times", 0.8),
                WEEK_END, ALL);

        double expected = 0.5 * (0.6 * 0.45 + 0.5 * 0.20 + 0.5 * 0.25 + 0.8 * 0.10);
        assertThat(ranking.lead()).singleElement().satisfies(r -> {
            assertThat(r.parts()).isEqualTo(new ScoreParts(0.5, 0.6, 0.5, 0.5, 0.8));
            assertThat(r.score()).isCloseTo(expected, within(1e-12));
            assertThat(r.parts().score(DEFAULTS)).as("the same as with the default weights")
                    .isCloseTo(expected, within(1e-12));
            assertThat(r.explanation()).startsWith("relevance 0.50 × (importance 0.60·0.90 + freshness 0.50·0.40"
                    + " + coverage 0.50·0.50 + authority 0.80·0.20) / 2.00 = 0.288");
        });
    }

    private static RankingProperties with(int leadSize, int topPerAudience, double lambda) {
        RankingProperties d = DEFAULTS;
        return new RankingProperties(topPerAudience, leadSize, d.minSectionStories(), d.minEditionStories(),
                d.importanceWeight(), d.freshnessWeight(), d.coverageWeight(), d.authorityWeight(), lambda,
                d.duplicateTitleSimilarity(), d.duplicateTextSimilarity());
    }
}
