package app.recap.ranking;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import app.recap.story.Story;

/**
 * How alike two stories are: the Jaccard similarity (shared over all) of their normalised token sets, once for
 * the titles and once for title plus the summary's lede. Tokens are lower-cased, accent-free words without stop
 * words, lightly stemmed, so "Acme releases Nova-3" and "Nova-3 released by Acme" meet.
 *
 * <p>Plain rather than IDF-weighted Jaccard on purpose: within one week the words five outlets share about one
 * announcement are exactly the words that are frequent that week, so weighting by rarity would hide the duplicates
 * it should find; plain Jaccard also gives a pair the same similarity whatever else the week holds.
 */
final class StorySimilarity {

    static final int LEDE_WORDS = 40;
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?](\\s|$)");
    private static final Set<String> STOP_WORDS = Set.of("a", "an", "the", "and", "or", "but", "of", "to", "in",
            "on", "for", "with", "by", "at", "as", "is", "are", "was", "were", "be", "been", "being", "its", "it",
            "this", "that", "these", "those", "from", "into", "over", "than", "then", "has", "have", "had", "will",
            "would", "can", "could", "may", "might", "not", "no", "about", "up", "out", "more", "most", "our", "your",
            "their", "his", "her", "they", "we", "you", "he", "she", "what", "which", "who", "how", "why", "when",
            "where", "all", "any", "some", "also", "just", "now", "new", "says", "said", "after", "via", "per", "s");

    /** Below this many stories a week is too small to tell which words are common. */
    static final int COMMON_WORDS_MIN_STORIES = 20;

    private final Map<Long, String[]> titles = new HashMap<>();
    private final Map<Long, String[]> texts = new HashMap<>();
    private final Map<Long, String[]> topicTitles = new HashMap<>();
    private final Map<Long, String[]> topicTexts = new HashMap<>();
    private final Map<Long, Set<String>> numbers = new HashMap<>();
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    StorySimilarity(List<Story> stories) {
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Story story : stories) {
            titles.put(story.id(), tokens(story.title()));
            String titleAndLede = story.title() + " " + lede(story);
            String[] text = tokens(titleAndLede);
            texts.put(story.id(), text);
            numbers.put(story.id(), numbers(titleAndLede));
            for (String token : text) {
                documentFrequency.merge(token, 1, Integer::sum);
            }
        }
        // words in more than a quarter of the week's stories ("AI", "model" in an AI newsletter) say nothing
        // about a topic; the duplicate measures keep them, since rewrites of one story share them too
        Set<String> common = new TreeSet<>();
        if (stories.size() >= COMMON_WORDS_MIN_STORIES) {
            documentFrequency.forEach((token, df) -> {
                if (df * 4 > stories.size()) {
                    common.add(token);
                }
            });
        }
        titles.forEach((id, tokens) -> topicTitles.put(id, without(tokens, common)));
        texts.forEach((id, tokens) -> topicTexts.put(id, without(tokens, common)));
    }

    private static String[] without(String[] tokens, Set<String> common) {
        return common.isEmpty() ? tokens
                : Arrays.stream(tokens).filter(t -> !common.contains(t)).toArray(String[]::new);
    }

    /** Similarity 0..1 of the two stories' titles. */
    double titles(long a, long b) {
        return jaccard(titles.get(a), titles.get(b));
    }

    /** Similarity 0..1 of the two stories' titles with their ledes. */
    double texts(long a, long b) {
        return jaccard(texts.get(a), texts.get(b));
    }

    /**
     * How much two different stories are about the same thing, for diversity: the overlap of their titles (shared
     * tokens over the shorter title's), or the Jaccard similarity of title and lede if larger, both without the
     * week's common words. Stories on one topic share their headline's subject ("Quillstack SDK 4 ...") and little
     * else, which the overlap sees undiluted.
     */
    double topic(long a, long b) {
        String[] ta = topicTitles.get(a);
        String[] tb = topicTitles.get(b);
        double overlap = ta == null || tb == null || ta.length == 0 || tb.length == 0 ? 0
                : (double) shared(ta, tb) / Math.min(ta.length, tb.length);
        return Math.max(overlap, jaccard(topicTexts.get(a), topicTexts.get(b)));
    }

    /**
     * Whether the two stories' titles and ledes both carry numbers and share none: "raises $120 million" and
     * "raises $30 million", "Atlas-2" and "Atlas-3". Such stories can mean nearly the same to an embedding model
     * and still be different news.
     */
    boolean numbersConflict(long a, long b) {
        Set<String> na = numbers.getOrDefault(a, Set.of());
        Set<String> nb = numbers.getOrDefault(b, Set.of());
        return !na.isEmpty() && !nb.isEmpty() && na.stream().noneMatch(nb::contains);
    }

    private static Set<String> numbers(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = NUMBER.matcher(text.replace(",", ""));
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** Jaccard similarity of two sorted, distinct token arrays. */
    static double jaccard(String[] a, String[] b) {
        if (a == null || b == null || a.length == 0 || b.length == 0) {
            return 0;
        }
        int shared = shared(a, b);
        return (double) shared / (a.length + b.length - shared);
    }

    private static int shared(String[] a, String[] b) {
        int shared = 0;
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            int cmp = a[i].compareTo(b[j]);
            if (cmp == 0) {
                shared++;
                i++;
                j++;
            } else if (cmp < 0) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }

    /**
     * The summary's lede: its first sentence, at most {@link #LEDE_WORDS} words. Outlets rewriting one
     * announcement agree on the lede's facts and then drift apart, so whole summaries would dilute the match.
     */
    static String lede(Story story) {
        String summary = story.summary();
        if (summary == null || summary.isBlank()) {
            summary = story.tldr() == null || story.tldr().whatChanged() == null ? "" : story.tldr().whatChanged();
        }
        Matcher end = SENTENCE_END.matcher(summary);
        String first = end.find() ? summary.substring(0, end.start() + 1) : summary;
        String[] words = first.strip().split("\\s+");
        return words.length <= LEDE_WORDS ? first : String.join(" ", Arrays.copyOf(words, LEDE_WORDS));
    }

    /** Lower-cased, accent-free, stop words dropped, light suffix stemming; sorted and distinct. */
    static String[] tokens(String text) {
        if (text == null) {
            return new String[0];
        }
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        TreeSet<String> tokens = new TreeSet<>();
        for (String raw : ascii.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (raw.isEmpty() || STOP_WORDS.contains(raw)) {
                continue;
            }
            tokens.add(stem(raw));
        }
        return tokens.toArray(String[]::new);
    }

    /**
     * Strips the commonest English inflections so "releases", "released" and "releasing" meet. Deliberately
     * crude: it only has to map variants of one word together within a week's headlines, not produce words.
     */
    static String stem(String word) {
        if (!word.chars().allMatch(Character::isLetter)) {
            return word;
        }
        String w = word;
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if ((w.endsWith("ing") && w.length() > 5) || (w.endsWith("ed") && w.length() > 4)) {
            w = w.substring(0, w.length() - (w.endsWith("ing") ? 3 : 2));
            int n = w.length();
            if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "lsz".indexOf(w.charAt(n - 1)) < 0) {
                w = w.substring(0, n - 1);
            }
        } else if (w.endsWith("es") && w.length() > 4 && w.substring(0, w.length() - 2).matches(".*(s|x|z|ch|sh)")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && w.length() > 3 && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        if (w.endsWith("e") && w.length() > 3) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** For tests and explanations: the tokens of a text as the similarity sees them. */
    static List<String> tokenList(String text) {
        return Arrays.asList(tokens(text));
    }
}
