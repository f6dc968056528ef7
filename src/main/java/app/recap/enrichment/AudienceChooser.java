package app.recap.enrichment;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Picks a plain story's audiences from its vector: each audience scores the cosine to its profile, plus a bonus
 * when the audience's keyword lexicon matched the story; an audience is kept when it reaches the threshold and is
 * within a margin of the story's best audience (a story about a lawsuit over training data is for the legal team
 * first, not for everyone it faintly concerns). Pure: the same vector and profiles give the same audiences.
 */
final class AudienceChooser {

    /** The weight of an audience that just reaches the threshold; a clear match approaches 1. */
    static final double BASE_WEIGHT = 0.4;

    private final double threshold;
    private final double lexiconBonus;
    private final double margin;

    AudienceChooser(double threshold, double lexiconBonus, double margin) {
        this.threshold = threshold;
        this.lexiconBonus = lexiconBonus;
        this.margin = margin;
    }

    AudienceChooser(EnrichmentProperties properties) {
        this(properties.audienceSimilarity(), properties.lexiconBonus(), properties.audienceMargin());
    }

    /**
     * @param profiles     audience id to its profile vector
     * @param lexiconHits  the audiences whose keywords occur in the story
     * @return audience id to weight 0..1, best first; empty when no audience reaches the threshold
     */
    Map<Long, Double> choose(float[] story, Map<Long, float[]> profiles, Set<Long> lexiconHits) {
        Map<Long, Double> scores = new HashMap<>();
        double best = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Long, float[]> profile : profiles.entrySet()) {
            double score = Vectors.cosine(story, profile.getValue())
                    + (lexiconHits.contains(profile.getKey()) ? lexiconBonus : 0);
            scores.put(profile.getKey(), score);
            best = Math.max(best, score);
        }
        double floor = Math.max(threshold, best - margin);
        Map<Long, Double> chosen = new LinkedHashMap<>();
        scores.entrySet().stream().filter(e -> e.getValue() >= floor)
                .sorted(Map.Entry.<Long, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> chosen.put(e.getKey(),
                        Math.min(1.0, BASE_WEIGHT + 2 * (e.getValue() - threshold))));
        return chosen;
    }
}
