package app.recap.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

import app.recap.story.Story;

/**
 * Collapses near-duplicate stories and ranks the rest: a lead section for everyone, then per audience, each
 * re-ranked by maximal marginal relevance so a section is not five stories on one topic. Pure and
 * deterministic: the same stories give the same result, whatever order they come in.
 */
@Component
public class StoryRanker {

    /** Ranked stories kept per audience beyond the section size, so a section can skip stories shown earlier. */
    static final int DEPTH_FACTOR = 4;
    private static final String LEAD_ENGAGEMENT = "the lead section is everyone's, clicks do not move it";

    private final RankingProperties properties;

    public StoryRanker(RankingProperties properties) {
        this.properties = properties;
    }

    /** As {@link #collapse(List, StoryVectors)} with words only. */
    public List<StoryCluster> collapse(List<Story> stories) {
        return collapse(stories, StoryVectors.NONE);
    }

    /**
     * Merges stories that are the same news: the same URL (already one row), or titles, or titles with their
     * summaries, similar enough (see {@link StorySimilarity}), or, where both have vectors, their meaning (cosine
     * of their title-and-lede embeddings at {@code vectors.threshold()} or above, unless their numbers differ:
     * "raises $120 million" and "raises $30 million" are two rounds). A story joins the cluster holding
     * its most similar version; a cluster is led by its most important version, then the earliest. Comparing every
     * pair is quadratic: a few million token-set comparisons for a week of a few thousand stories, so no MinHash
     * index.
     */
    public List<StoryCluster> collapse(List<Story> stories, StoryVectors vectors) {
        StorySimilarity similarity = new StorySimilarity(stories);
        List<Story> ordered = stories.stream()
                .sorted(Comparator.comparingDouble(Story::importance).reversed()
                        .thenComparing(Story::publishedAt).thenComparingLong(Story::id))
                .toList();
        List<List<Story>> groups = new ArrayList<>();
        for (Story story : ordered) {
            int best = -1;
            double bestMatch = 1.0;
            for (int g = 0; g < groups.size(); g++) {
                for (Story member : groups.get(g)) {
                    double match = duplicateMatch(similarity, vectors, story.id(), member.id());
                    if (match > bestMatch || (match == bestMatch && best < 0)) {
                        best = g;
                        bestMatch = match;
                    }
                }
            }
            if (best < 0) {
                groups.add(new ArrayList<>(List.of(story)));
            } else {
                groups.get(best).add(story);
            }
        }
        return groups.stream().map(StoryRanker::merge)
                .sorted(Comparator.comparing((StoryCluster c) -> c.lead().publishedAt())
                        .thenComparingLong(c -> c.lead().id()))
                .toList();
    }

    /** At least 1 when the two stories are duplicates: the largest of the similarities over its threshold. */
    private double duplicateMatch(StorySimilarity similarity, StoryVectors vectors, long a, long b) {
        double words = Math.max(similarity.titles(a, b) / properties.duplicateTitleSimilarity(),
                similarity.texts(a, b) / properties.duplicateTextSimilarity());
        double meaning = vectors.cosine(a, b);
        return Double.isNaN(meaning) || similarity.numbersConflict(a, b) ? words
                : Math.max(words, meaning / vectors.threshold());
    }

    /**
     * Why each version of a cluster was merged, in words: for every version after the lead, the version before it
     * that it matched best and by which measure. The versions in the order collapse merged them (the lead first).
     */
    public List<MergeReason> explainMerge(List<Story> versions, StoryVectors vectors) {
        StorySimilarity similarity = new StorySimilarity(versions);
        List<MergeReason> reasons = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            Story story = versions.get(i);
            Story bestMember = versions.get(0);
            double bestMatch = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < i; j++) {
                double match = duplicateMatch(similarity, vectors, story.id(), versions.get(j).id());
                if (match > bestMatch) {
                    bestMatch = match;
                    bestMember = versions.get(j);
                }
            }
            long a = story.id();
            long b = bestMember.id();
            double title = similarity.titles(a, b);
            double text = similarity.texts(a, b);
            double meaning = similarity.numbersConflict(a, b) ? Double.NaN : vectors.cosine(a, b);
            String measure;
            double value;
            if (!Double.isNaN(meaning) && meaning / vectors.threshold() >= Math.max(
                    title / properties.duplicateTitleSimilarity(), text / properties.duplicateTextSimilarity())) {
                measure = "meaning";
                value = meaning;
            } else if (title / properties.duplicateTitleSimilarity() >= text / properties.duplicateTextSimilarity()) {
                measure = "title";
                value = title;
            } else {
                measure = "text";
                value = text;
            }
            String words = switch (measure) {
                case "meaning" -> "similarity %.2f (meaning of title and lede)";
                case "title" -> "similarity %.2f (words of the titles)";
                default -> "similarity %.2f (words of title and lede)";
            };
            String same = story.url().equals(bestMember.url()) ? "same URL as" : "same news as";
            reasons.add(new MergeReason(a, b, value, measure, String.format(Locale.ROOT, "%s “%s” (%s), " + words,
                    same, bestMember.title(), bestMember.sourceName(), value)));
        }
        return reasons;
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
     * Scores every cluster and orders the lead section and each audience's section.
     *
     * @param authority        source name to authority 0..1; unknown sources count 0.5
     * @param weekEnd          the end of the edition's week, freshness is measured back from it
     * @param offeredAudiences the audiences the list offers; a story leads only through them (empty: all count)
     */
    public Ranking rank(List<StoryCluster> clusters, Map<String, Double> authority, Instant weekEnd,
            Collection<Long> offeredAudiences) {
        return rank(clusters, authority, weekEnd, offeredAudiences, Map.of());
    }

    /**
     * As {@link #rank(List, Map, Instant, Collection)}, with what each audience's readers clicked lately: a story's
     * engagement part in an audience's section comes from that audience's reading ({@link Engagement}). The lead
     * section is shared by every audience and stays neutral. Without reading (or without a single reader click)
     * every part is 0 and the ranking is exactly the one without it.
     *
     * @param reading audience id to its recent reading; audiences missing from it are neutral
     */
    public Ranking rank(List<StoryCluster> clusters, Map<String, Double> authority, Instant weekEnd,
            Collection<Long> offeredAudiences, Map<Long, AudienceReading> reading) {
        Map<Long, Engagement> engagement = new HashMap<>();
        reading.forEach((audienceId, r) -> engagement.put(audienceId,
                Engagement.of(r, properties.engagementPriorStrength())));
        StorySimilarity similarity = new StorySimilarity(clusters.stream().map(StoryCluster::lead).toList());
        Set<Long> offered = Set.copyOf(offeredAudiences);
        List<Candidate> lead = new ArrayList<>();
        Map<Long, List<Candidate>> byAudience = new LinkedHashMap<>();
        for (StoryCluster cluster : clusters) {
            Story story = cluster.lead();
            double importance = story.importance();
            double ageDays = Duration.between(story.publishedAt(), weekEnd).toMinutes() / 1440.0;
            double freshness = clamp(1 - ageDays / 7.0);
            double coverage = 1 - 1.0 / cluster.coverage();
            double source = cluster.sources().stream().mapToDouble(s -> authority.getOrDefault(s, 0.5)).max()
                    .orElse(0.5);
            double best = 0;
            for (Long audienceId : new TreeSet<>(cluster.audienceWeights().keySet())) {
                double weight = cluster.audienceWeights().get(audienceId);
                if (offered.isEmpty() || offered.contains(audienceId)) {
                    best = Math.max(best, weight);
                }
                if (weight > 0) {
                    Engagement model = engagement.getOrDefault(audienceId, Engagement.NEUTRAL);
                    ScoreParts parts = new ScoreParts(weight, importance, freshness, coverage, source,
                            model.lift(story));
                    byAudience.computeIfAbsent(audienceId, k -> new ArrayList<>())
                            .add(new Candidate(story.id(), parts, model.describe(story)));
                }
            }
            if (best > 0) {
                lead.add(new Candidate(story.id(), new ScoreParts(best, importance, freshness, coverage, source),
                        LEAD_ENGAGEMENT));
            }
        }
        List<RankedStory> leadRanking = diversify(lead, List.of(), properties.leadSize(), Integer.MAX_VALUE,
                similarity);
        List<Long> inLead = leadRanking.stream().limit(properties.leadSize()).map(RankedStory::storyId).toList();
        Map<Long, List<RankedStory>> ranked = new LinkedHashMap<>();
        new TreeSet<>(byAudience.keySet()).forEach(audienceId -> {
            List<Candidate> rest = byAudience.get(audienceId).stream().filter(c -> !inLead.contains(c.storyId()))
                    .toList();
            if (!rest.isEmpty()) {
                // every reader sees the lead section above, so a section is diversified against it too
                int depth = properties.topPerAudience() * DEPTH_FACTOR;
                ranked.put(audienceId, diversify(rest, inLead, depth, depth, similarity));
            }
        });
        return new Ranking(leadRanking, ranked);
    }

    /**
     * Maximal marginal relevance: repeatedly takes the story with the best
     * {@code λ·score/best − (1−λ)·redundancy}, redundancy being its topic similarity to the most similar story already taken or shown above
     * ({@code above}). After {@code diversified} picks the rest follow by score, up to {@code limit} in all.
     */
    private List<RankedStory> diversify(List<Candidate> candidates, List<Long> above, int diversified, int limit,
            StorySimilarity similarity) {
        List<Candidate> byScore = new ArrayList<>(candidates);
        byScore.sort(Comparator.comparingDouble((Candidate c) -> c.score(properties)).reversed()
                .thenComparingLong(Candidate::storyId));
        int n = byScore.size();
        double top = n == 0 ? 1 : byScore.get(0).score(properties);
        double scale = top > 0 ? top : 1;
        double lambda = properties.diversity();
        double[] redundancy = new double[n];
        Long[] similarTo = new Long[n];
        boolean[] taken = new boolean[n];
        for (int i = 0; i < n; i++) {
            for (Long shown : above) {
                double alike = similarity.topic(shown, byScore.get(i).storyId());
                if (alike > redundancy[i]) {
                    redundancy[i] = alike;
                    similarTo[i] = shown;
                }
            }
        }
        List<RankedStory> result = new ArrayList<>();
        while (result.size() < Math.min(n, limit)) {
            int pick = -1;
            double pickValue = Double.NEGATIVE_INFINITY;
            boolean stillDiversifying = result.size() < diversified;
            for (int i = 0; i < n; i++) {
                if (taken[i]) {
                    continue;
                }
                if (!stillDiversifying) {
                    pick = i;
                    break;
                }
                double value = marginal(lambda, byScore.get(i).score(properties) / scale, redundancy[i]);
                if (value > pickValue) {
                    pick = i;
                    pickValue = value;
                }
            }
            taken[pick] = true;
            Candidate chosen = byScore.get(pick);
            double marginal = marginal(lambda, chosen.score(properties) / scale, redundancy[pick]);
            result.add(new RankedStory(chosen.storyId(), chosen.score(properties), chosen.parts(), redundancy[pick],
                    similarTo[pick], marginal,
                    explain(chosen.parts(), chosen.engagement(), redundancy[pick], similarTo[pick], marginal)));
            if (stillDiversifying) {
                for (int i = 0; i < n; i++) {
                    if (!taken[i]) {
                        double s = similarity.topic(chosen.storyId(), byScore.get(i).storyId());
                        if (s > redundancy[i]) {
                            redundancy[i] = s;
                            similarTo[i] = chosen.storyId();
                        }
                    }
                }
            }
        }
        return result;
    }

    private static double marginal(double lambda, double relevance, double redundancy) {
        return lambda * relevance - (1 - lambda) * redundancy;
    }

    private String explain(ScoreParts p, String engagement, double redundancy, Long similarTo, double marginal) {
        RankingProperties w = properties;
        String parts = String.format(Locale.ROOT,
                "relevance %.2f × (importance %.2f·%.2f + freshness %.2f·%.2f + coverage %.2f·%.2f"
                        + " + authority %.2f·%.2f) / %.2f",
                p.relevance(), p.importance(), w.importanceWeight(), p.freshness(), w.freshnessWeight(), p.coverage(),
                w.coverageWeight(), p.authority(), w.authorityWeight(), w.weightSum());
        // a neutral engagement part leaves the formula as it was before clicks counted, and says why in words
        String score = p.engagement() == 0
                ? String.format(Locale.ROOT, "%s = %.3f; engagement ×1 (%s)", parts, p.score(w), engagement)
                : String.format(Locale.ROOT, "%s × (1 + %.2f·engagement %+.2f) = %.3f; engagement: %s", parts,
                        w.engagementWeight(), p.engagement(), p.score(w), engagement);
        String diversity = similarTo == null ? String.format(Locale.ROOT, "; diversity: nothing above, %.3f", marginal)
                : String.format(Locale.ROOT, "; diversity: %.2f alike story %d, %.3f", redundancy, similarTo, marginal);
        return score + diversity;
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }

    /** @param engagement the engagement part in words */
    private record Candidate(long storyId, ScoreParts parts, String engagement) {

        double score(RankingProperties properties) {
            return parts.score(properties);
        }
    }
}
