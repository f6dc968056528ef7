package app.recap.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.recap.story.Story;
import app.recap.story.TitleKeys;
import app.recap.story.Tldr;

class StoryRankerTests {

    private static final long DEVELOPERS = 10L;
    private static final long SECURITY = 11L;
    private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant WEEK_END = Instant.parse("2026-11-30T00:00:00Z");

    private final RankingProperties properties = new RankingProperties(5, 0.45, 0.20, 0.25, 0.10, 0.6);
    private final StoryRanker ranker = new StoryRanker(properties);

    @Test
    void nearIdenticalTitlesFromTwoSourcesCollapseIntoOneCluster() {
        Story alpha = story(1, "Acme patches critical flaw in Widget Server", 0.6, MONDAY.plus(Duration.ofHours(9)),
                Map.of(SECURITY, 0.9), "Alpha News");
        Story beta = story(2, "Acme patches critical Widget Server flaw", 0.9, MONDAY.plus(Duration.ofHours(20)),
                Map.of(SECURITY, 0.5, DEVELOPERS, 0.7), "Beta Times");

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
        Story late = story(1, "Widget Server 4.2 released with faster startup", 0.7, MONDAY.plus(Duration.ofDays(2)),
                Map.of(DEVELOPERS, 0.8), "Alpha News");
        Story early = story(2, "Widget Server 4.2 released, faster startup", 0.7, MONDAY.plus(Duration.ofDays(1)),
                Map.of(DEVELOPERS, 0.8), "Beta Times");

        assertThat(ranker.collapse(List.of(late, early))).singleElement()
                .satisfies(cluster -> assertThat(cluster.lead().id()).isEqualTo(2));
    }

    @Test
    void unrelatedTitlesStaySeparate() {
        Story patch = story(1, "Acme patches critical flaw in Widget Server", 0.8, MONDAY.plus(Duration.ofDays(1)),
                Map.of(SECURITY, 0.9), "Alpha News");
        Story rates = story(2, "Central bank holds interest rates steady", 0.8, MONDAY.plus(Duration.ofDays(2)),
                Map.of(DEVELOPERS, 0.2), "Beta Times");
        Story release = story(3, "Acme releases Widget Server 5 beta", 0.8, MONDAY.plus(Duration.ofDays(3)),
                Map.of(DEVELOPERS, 0.9), "Gamma Post");

        List<StoryCluster> clusters = ranker.collapse(List.of(release, rates, patch));

        assertThat(clusters).extracting(c -> c.lead().id()).containsExactly(1L, 2L, 3L);
        assertThat(clusters).allSatisfy(c -> assertThat(c.coverage()).isEqualTo(1));
    }

    @Test
    void sameSourceTwiceCountsOnceInCoverage() {
        Story a = story(1, "Acme patches critical flaw in Widget Server", 0.8, MONDAY, Map.of(SECURITY, 0.9),
                "Alpha News");
        Story b = story(2, "Acme patches critical Widget Server flaw", 0.7, MONDAY, Map.of(SECURITY, 0.9), "Alpha News");

        assertThat(ranker.collapse(List.of(a, b))).singleElement()
                .satisfies(c -> assertThat(c.coverage()).isEqualTo(1));
    }

    @Test
    void storyCoveredByThreeSourcesOutranksAnOtherwiseIdenticalStoryCoveredByOne() {
        Instant published = MONDAY.plus(Duration.ofDays(3));
        // the widely covered story has the higher id, so the id tie-break cannot explain its place
        Story single = story(1, "Harbour bridge reopens to traffic", 0.7, published, Map.of(DEVELOPERS, 0.8),
                "Alpha News");
        Story covered = story(2, "Library extends its opening hours", 0.7, published, Map.of(DEVELOPERS, 0.8),
                "Alpha News", "Beta Times", "Gamma Post");
        List<StoryCluster> clusters = ranker.collapse(List.of(single, covered));
        assertThat(clusters).extracting(StoryCluster::coverage).containsExactlyInAnyOrder(1, 3);

        List<RankedStory> ranked = ranker.rank(clusters, Map.of(), WEEK_END, 5).get(DEVELOPERS);

        assertThat(ranked).extracting(RankedStory::storyId).containsExactly(2L, 1L);
        double total = 0.45 + 0.20 + 0.25 + 0.10;
        double coverageGain = 0.8 * (1 - 1.0 / 3) * 0.25 / total;
        assertThat(ranked.get(0).score() - ranked.get(1).score()).isCloseTo(coverageGain, within(1e-9));
    }

    @Test
    void scoreCombinesTheWeightedComponents() {
        // published 3.5 days before the week end: freshness 0.5; one source: coverage 0; authority given 0.8
        Story story = story(7, "Harbour bridge reopens to traffic", 0.6, WEEK_END.minus(Duration.ofHours(84)),
                Map.of(DEVELOPERS, 0.5), "Alpha News");

        List<RankedStory> ranked = ranker.rank(ranker.collapse(List.of(story)), Map.of("Alpha News", 0.8), WEEK_END, 5)
                .get(DEVELOPERS);

        double expected = 0.5 * (0.6 * 0.45 + 0.5 * 0.20 + 0 * 0.25 + 0.8 * 0.10) / 1.0;
        assertThat(ranked).singleElement().satisfies(r -> {
            assertThat(r.storyId()).isEqualTo(7);
            assertThat(r.score()).isCloseTo(expected, within(1e-9));
            assertThat(r.explanation()).startsWith("weight 0.50 × (importance 0.60·0.45 + freshness 0.50·0.20");
        });
    }

    @Test
    void storyAppearsOnlyUnderTheAudiencesItHasAWeightFor() {
        Story securityOnly = story(1, "Acme patches critical flaw in Widget Server", 0.9, MONDAY,
                Map.of(SECURITY, 0.9), "Alpha News");
        Story developersOnly = story(2, "Widget Server 5 beta ships new plugin system", 0.5, MONDAY,
                Map.of(DEVELOPERS, 0.9), "Beta Times");
        Story both = story(3, "Central bank holds interest rates steady", 0.5, MONDAY,
                Map.of(SECURITY, 0.1, DEVELOPERS, 0.1), "Gamma Post");

        Map<Long, List<RankedStory>> ranked = ranker.rank(ranker.collapse(List.of(securityOnly, developersOnly, both)),
                Map.of(), WEEK_END, 5);

        assertThat(ranked).containsOnlyKeys(SECURITY, DEVELOPERS);
        assertThat(ranked.get(SECURITY)).extracting(RankedStory::storyId).containsExactlyInAnyOrder(1L, 3L);
        assertThat(ranked.get(DEVELOPERS)).extracting(RankedStory::storyId).containsExactlyInAnyOrder(2L, 3L);
        assertThat(ranker.rank(ranker.collapse(List.of(securityOnly)), Map.of(), WEEK_END, 5))
                .doesNotContainKey(DEVELOPERS);
    }

    @Test
    void limitIsHonouredAndKeepsTheBest() {
        List<Story> stories = List.of(
                story(1, "Harbour bridge reopens to traffic", 0.2, MONDAY, Map.of(DEVELOPERS, 0.8), "A"),
                story(2, "Library extends its opening hours", 0.9, MONDAY, Map.of(DEVELOPERS, 0.8), "B"),
                story(3, "Central bank holds interest rates steady", 0.5, MONDAY, Map.of(DEVELOPERS, 0.8), "C"),
                story(4, "Widget Server 5 beta ships new plugin system", 0.7, MONDAY, Map.of(DEVELOPERS, 0.8), "D"));

        List<RankedStory> ranked = ranker.rank(ranker.collapse(stories), Map.of(), WEEK_END, 2).get(DEVELOPERS);

        assertThat(ranked).extracting(RankedStory::storyId).containsExactly(2L, 4L);
        assertThat(ranker.rank(ranker.collapse(stories), Map.of(), WEEK_END, 10).get(DEVELOPERS)).hasSize(4);
    }

    @Test
    void rankingIsDeterministic() {
        List<Story> stories = new ArrayList<>(List.of(
                story(1, "Acme patches critical flaw in Widget Server", 0.6, MONDAY.plus(Duration.ofHours(5)),
                        Map.of(SECURITY, 0.9), "Alpha News"),
                story(2, "Acme patches critical Widget Server flaw", 0.6, MONDAY.plus(Duration.ofHours(5)),
                        Map.of(SECURITY, 0.8), "Beta Times"),
                story(3, "Harbour bridge reopens to traffic", 0.6, MONDAY.plus(Duration.ofHours(5)),
                        Map.of(SECURITY, 0.9, DEVELOPERS, 0.4), "Gamma Post"),
                story(4, "Library extends its opening hours", 0.6, MONDAY.plus(Duration.ofHours(5)),
                        Map.of(SECURITY, 0.9, DEVELOPERS, 0.4), "Delta Daily")));
        Map<String, Double> authority = Map.of("Alpha News", 0.9);

        List<StoryCluster> firstClusters = ranker.collapse(stories);
        Map<Long, List<RankedStory>> first = ranker.rank(firstClusters, authority, WEEK_END, 5);
        Collections.reverse(stories);
        List<StoryCluster> secondClusters = ranker.collapse(stories);
        Map<Long, List<RankedStory>> second = ranker.rank(secondClusters, authority, WEEK_END, 5);

        assertThat(secondClusters).isEqualTo(firstClusters);
        assertThat(second).isEqualTo(first);
        // equal scores are ordered by story id
        assertThat(first.get(DEVELOPERS)).extracting(RankedStory::storyId).containsExactly(3L, 4L);
    }

    private static Story story(long id, String title, double importance, Instant publishedAt,
            Map<Long, Double> audienceWeights, String... sourceNames) {
        String url = "https://news.example/stories/" + id;
        List<Story.StorySource> sources = new ArrayList<>();
        for (String name : sourceNames) {
            sources.add(new Story.StorySource(name, url));
        }
        return new Story(id, url, title, TitleKeys.of(title), "Summary of " + title, sourceNames[0], publishedAt, false,
                publishedAt.plus(Duration.ofMinutes(5)), new Tldr(title, null, null), importance, List.of(),
                audienceWeights, List.copyOf(sources));
    }
}
