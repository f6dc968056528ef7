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

}
