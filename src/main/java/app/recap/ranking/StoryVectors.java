package app.recap.ranking;

import java.util.Map;

/**
 * What the stories of a week mean, as unit vectors of their title and lede (the enrichment module's embeddings),
 * and the cosine at which two of them are the same news. Joins the word rules of {@link StoryRanker#collapse}: two
 * outlets that rewrite one announcement in different words share few words but mean the same.
 *
 * @param vectors   story id to its unit vector; a story missing from it is matched by words only
 * @param threshold cosine from which two stories are one, in (0, 1]
 */
public record StoryVectors(Map<Long, float[]> vectors, double threshold) {

    /** No vectors: near-duplicates by words alone. */
    public static final StoryVectors NONE = new StoryVectors(Map.of(), 1);

    public StoryVectors {
        vectors = Map.copyOf(vectors);
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in (0, 1]: " + threshold);
        }
    }

    /** Cosine of the two stories' vectors; NaN when either has none. */
    double cosine(long a, long b) {
        float[] x = vectors.get(a);
        float[] y = vectors.get(b);
        if (x == null || y == null || x.length != y.length) {
            return Double.NaN;
        }
        float s0 = 0;
        float s1 = 0;
        int i = 0;
        for (; i + 1 < x.length; i += 2) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
        }
        if (i < x.length) {
            s0 += x[i] * y[i];
        }
        return s0 + s1;
    }
}
