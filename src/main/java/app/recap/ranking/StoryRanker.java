package app.recap.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import app.recap.story.Story;

/**
 * Collapses near-duplicate stories and ranks the rest per audience. Pure and deterministic: the same stories
 * give the same result.
 */
@Component
public class StoryRanker {

    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "and", "or", "of", "to", "in", "on",
            "for", "with", "by", "at", "as", "is", "its", "it", "from", "new", "says", "after");

    private final RankingProperties properties;

    public StoryRanker(RankingProperties properties) {
        this.properties = properties;
    }

    /**
     * Merges stories that are the same news: the same URL (already one row) or titles whose word sets are
     * similar enough. The lead of a cluster is its most important version, then the earliest.
     */
    public List<StoryCluster> collapse(List<Story> stories) {
        List<Story> ordered = stories.stream()
                .sorted(Comparator.comparingDouble(Story::importance).reversed()
                        .thenComparing(Story::publishedAt).thenComparingLong(Story::id))
                .toList();
        List<List<Story>> groups = new ArrayList<>();
        List<Set<String>> groupWords = new ArrayList<>();
        for (Story story : ordered) {
            Set<String> words = titleWords(story.titleKey());
            int match = -1;
            for (int g = 0; g < groups.size() && match < 0; g++) {
                if (jaccard(words, groupWords.get(g)) >= properties.duplicateTitleSimilarity()) {
                    match = g;
                }
            }
            if (match < 0) {
                groups.add(new ArrayList<>(List.of(story)));
                groupWords.add(words);
            } else {
                groups.get(match).add(story);
            }
        }
        return groups.stream().map(StoryRanker::merge)
                .sorted(Comparator.comparing((StoryCluster c) -> c.lead().publishedAt()).thenComparingLong(c -> c.lead().id()))
                .toList();
    }

    private static StoryCluster merge(List<Story> versions) {
        Set<String> sources = new LinkedHashSet<>();
        Map<Long, Double> weights = new LinkedHashMap<>();
        for (Story version : versions) {
            version.sources().forEach(s -> sources.add(s.name()));
            version.audienceWeights().forEach((audience, weight) -> weights.merge(audience, weight, Math::max));
        }
        return new StoryCluster(versions.get(0), List.copyOf(sources), weights,
                versions.stream().map(Story::id).toList());
    }

    /**
     * Ranks the clusters for each audience, best first; a cluster appears only under the audiences it carries
     * a weight for.
     *
     * @param authority  source name to authority 0..1; unknown sources count 0.5
     * @param weekEnd    the end of the edition's week, freshness is measured back from it
     * @param limit      how many to keep per audience
     */
    public Map<Long, List<RankedStory>> rank(List<StoryCluster> clusters, Map<String, Double> authority,
            Instant weekEnd, int limit) {
        Map<Long, List<RankedStory>> byAudience = new LinkedHashMap<>();
        double total = properties.importanceWeight() + properties.freshnessWeight() + properties.coverageWeight()
                + properties.authorityWeight();
        for (StoryCluster cluster : clusters) {
            Story lead = cluster.lead();
            double importance = lead.importance();
            double ageDays = Duration.between(lead.publishedAt(), weekEnd).toMinutes() / 1440.0;
            double freshness = clamp(1 - ageDays / 7.0);
            double coverage = 1 - 1.0 / cluster.coverage();
            double source = cluster.sources().stream().mapToDouble(s -> authority.getOrDefault(s, 0.5)).max().orElse(0.5);
            double base = (importance * properties.importanceWeight() + freshness * properties.freshnessWeight()
                    + coverage * properties.coverageWeight() + source * properties.authorityWeight()) / total;
            cluster.audienceWeights().forEach((audienceId, weight) -> {
                String why = String.format(Locale.ROOT,
                        "weight %.2f × (importance %.2f·%.2f + freshness %.2f·%.2f + coverage %.2f·%.2f + authority %.2f·%.2f) / %.2f",
                        weight, importance, properties.importanceWeight(), freshness, properties.freshnessWeight(),
                        coverage, properties.coverageWeight(), source, properties.authorityWeight(), total);
                byAudience.computeIfAbsent(audienceId, k -> new ArrayList<>())
                        .add(new RankedStory(lead.id(), weight * base, why));
            });
        }
        Map<Long, List<RankedStory>> ranked = new LinkedHashMap<>();
        byAudience.forEach((audienceId, list) -> ranked.put(audienceId, list.stream()
                .sorted(Comparator.comparingDouble(RankedStory::score).reversed().thenComparingLong(RankedStory::storyId))
                .limit(limit).toList()));
        return ranked;
    }

    static Set<String> titleWords(String titleKey) {
        return Arrays.stream(titleKey.split(" ")).filter(w -> !w.isBlank() && !STOP_WORDS.contains(w))
                .collect(Collectors.toCollection(HashSet::new));
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        long common = a.stream().filter(b::contains).count();
        return (double) common / (a.size() + b.size() - common);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
