package app.recap.enrichment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * The TL;DR of a plain item: its most central sentences, in the order the item has them. A sentence's centrality is
 * its cosine to the centroid of all the item's sentences (what the item is mostly about), so an aside, a call to
 * subscribe or a quote from the last paragraph loses to the sentences that carry the news.
 */
final class ExtractiveSummary {

    /** Sentences considered at most: beyond the first few paragraphs a news item rarely states its point. */
    static final int MAX_SENTENCES = 12;
    /** The lede states the news in most items; it wins a near tie. */
    static final double LEDE_PRIOR = 0.03;
    private static final Pattern SENTENCE_BREAK = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}\"“‘(])");

    private ExtractiveSummary() {
    }

    static List<String> sentences(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(SENTENCE_BREAK.split(text.strip())).map(String::strip).filter(s -> !s.isEmpty())
                .limit(MAX_SENTENCES).toList();
    }

    /**
     * @param encoder unit vectors of sentences, in order; asked only when there are more sentences than wanted
     * @return the chosen sentences joined by a space; null for a blank text
     */
    static String of(String text, int count, Function<List<String>, List<float[]>> encoder) {
        List<String> sentences = sentences(text);
        if (sentences.isEmpty()) {
            return null;
        }
        if (sentences.size() <= count) {
            return String.join(" ", sentences);
        }
        List<float[]> vectors = encoder.apply(sentences);
        float[] centre = Vectors.centroid(vectors);
        double[] score = new double[sentences.size()];
        for (int i = 0; i < score.length; i++) {
            score[i] = Vectors.cosine(vectors.get(i), centre) + (i == 0 ? LEDE_PRIOR : 0);
        }
        List<Integer> chosen = new ArrayList<>(IntStream.range(0, score.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> score[i]).reversed().thenComparing(i -> i))
                .limit(count).toList());
        chosen.sort(Comparator.naturalOrder());
        return String.join(" ", chosen.stream().map(sentences::get).toList());
    }
}
