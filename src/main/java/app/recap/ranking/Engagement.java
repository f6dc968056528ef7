package app.recap.ranking;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import app.recap.story.Story;

/**
 * One audience's engagement model: a smoothed click-through estimate for a story's source and for its topic (its
 * title's tokens), each a Beta posterior mean with the audience's own click-through {@code μ} as the prior's mean
 * and {@code κ} ({@code engagement-prior-strength}) impressions as its weight:
 * {@code p = (clicks + κ·μ) / (impressions + κ)}. A source or topic seen in few impressions stays near {@code μ}.
 * The part is the relative lift of their mean over the audience's own rate, clamped to [-1, 1]:
 * {@code lift = clamp(((p_source + p_topic) / 2) / μ − 1)}; the score is multiplied by {@code 1 + weight·lift}.
 * Without any reader click there is nothing to learn from, and every lift is exactly 0.
 */
final class Engagement {

    /** No evidence: lift 0 for every story. */
    static final Engagement NEUTRAL = new Engagement(0, 0, Map.of(), Map.of(), 0);

    private final double mean;
    private final long impressions;
    private final Map<String, long[]> bySource;
    private final Map<String, long[]> byToken;
    private final double strength;

    private Engagement(double mean, long impressions, Map<String, long[]> bySource, Map<String, long[]> byToken,
            double strength) {
        this.mean = mean;
        this.impressions = impressions;
        this.bySource = bySource;
        this.byToken = byToken;
        this.strength = strength;
    }

    static Engagement of(AudienceReading reading, double strength) {
        if (reading == null) {
            return NEUTRAL;
        }
        long shown = 0;
        long clicked = 0;
        Map<String, long[]> sources = new HashMap<>();
        Map<String, long[]> tokens = new HashMap<>();
        for (AudienceReading.Shown s : reading.shown()) {
            shown += s.impressions();
            clicked += s.clicks();
            add(sources, key(s.source()), s);
            for (String token : StorySimilarity.tokens(s.title())) {
                add(tokens, token, s);
            }
        }
        if (clicked == 0 || shown == 0) {
            return NEUTRAL;
        }
        return new Engagement((double) clicked / shown, shown, sources, tokens, strength);
    }

    boolean neutral() {
        return mean == 0;
    }

    /** The story's lift in [-1, 1]; exactly 0 when the model is neutral. */
    double lift(Story story) {
        if (neutral()) {
            return 0.0;
        }
        double lift = (estimate(story) / mean) - 1;
        return Math.max(-1, Math.min(1, lift));
    }

    /** {@code (p_source + p_topic) / 2}. */
    double estimate(Story story) {
        return (source(story) + topic(story)) / 2;
    }

    double source(Story story) {
        long[] seen = bySource.getOrDefault(key(story.sourceName()), new long[2]);
        return smoothed(seen[1], seen[0]);
    }

    /** The story's title tokens pooled: their impressions and clicks summed, then smoothed once. */
    double topic(Story story) {
        long shown = 0;
        long clicked = 0;
        for (String token : StorySimilarity.tokens(story.title())) {
            long[] seen = byToken.get(token);
            if (seen != null) {
                shown += seen[0];
                clicked += seen[1];
            }
        }
        return smoothed(clicked, shown);
    }

    /** In words, for the explanation: the two estimates against the audience's rate. */
    String describe(Story story) {
        if (neutral()) {
            return "no reader clicks yet";
        }
        return String.format(Locale.ROOT, "source %.3f, topic %.3f vs audience %.3f over %d impressions",
                source(story), topic(story), mean, impressions);
    }

    private double smoothed(long clicks, long shown) {
        return (clicks + strength * mean) / (shown + strength);
    }

    private static void add(Map<String, long[]> counts, String key, AudienceReading.Shown s) {
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0] += s.impressions();
        c[1] += s.clicks();
    }

    private static String key(String source) {
        return source == null ? "" : source.strip().toLowerCase(Locale.ROOT);
    }
}
