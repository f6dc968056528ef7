package app.recap.enrichment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import app.recap.audience.Audience;
import app.recap.ingest.KeywordLexicon;
import app.recap.ranking.RankingProperties;
import app.recap.ranking.StoryRanker;
import app.recap.ranking.StoryVectors;
import app.recap.story.Story;
import app.recap.story.Tldr;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The evaluation of local enrichment on fixtures written from real-world patterns: labelled stories
 * ({@code enrichment/stories.tsv}) stripped of their labels and enriched by the keyword lexicon and by the model,
 * scored against the labels (micro-averaged precision, recall, F1 over story–audience pairs); and near-duplicate
 * pairs ({@code enrichment/pairs.tsv}) merged by the ranking's collapse with words only and with embeddings. The
 * model's audience profiles learn from labelled stories, so it is scored by five-fold cross-validation: each story
 * is enriched by profiles built from the other four fifths, never from its own label.
 */
final class EnrichmentEvaluation {

    static final int FOLDS = 5;

    record LabelledStory(Set<String> audiences, String title, String summary) {
    }

    record Pair(boolean same, String titleA, String summaryA, String titleB, String summaryB) {
    }

    record Scores(double precision, double recall, double f1) {

        static Scores of(int truePositives, int predicted, int actual) {
            double p = predicted == 0 ? 1 : (double) truePositives / predicted;
            double r = actual == 0 ? 1 : (double) truePositives / actual;
            return new Scores(p, r, p + r == 0 ? 0 : 2 * p * r / (p + r));
        }
    }

    record Result(int stories, int pairs, Scores lexicon, Scores model, Scores jaccard, Scores withEmbeddings,
            double msPerStory) {
    }

    private EnrichmentEvaluation() {
    }

    static List<Audience> catalogue() {
        JsonNode demo = JsonMapper.builder().build().readTree(read("demo/newsletter.json"));
        List<Audience> audiences = new ArrayList<>();
        long id = 1;
        for (JsonNode a : demo.get("audiences")) {
            List<String> keywords = new ArrayList<>();
            a.get("keywords").forEach(k -> keywords.add(k.asString()));
            audiences.add(new Audience(id++, a.get("slug").asString(), a.get("name").asString(),
                    a.get("description").asString(), keywords));
        }
        return audiences;
    }

    static List<LabelledStory> stories() {
        return rows("enrichment/stories.tsv", 3).stream()
                .map(c -> new LabelledStory(new LinkedHashSet<>(Arrays.asList(c[0].split(","))), c[1], c[2])).toList();
    }

    static List<Pair> pairs() {
        return rows("enrichment/pairs.tsv", 5).stream()
                .map(c -> new Pair(c[0].equals("same"), c[1], c[2], c[3], c[4])).toList();
    }

    static Result run(EnrichmentProperties properties) {
        List<Audience> catalogue = catalogue();
        Map<String, Long> idBySlug = catalogue.stream().collect(Collectors.toMap(Audience::slug, Audience::id));
        Map<String, Long> idByName = catalogue.stream().collect(Collectors.toMap(Audience::displayName, Audience::id));
        List<LabelledStory> stories = stories();

        long started = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (LabelledStory story : stories) {
            // what the enrichStories step computes for a plain story
            TextEncoder.encode(StoryEnricher.ledeText(story.title(), story.summary()));
            vectors.add(TextEncoder.encode(StoryEnricher.fullText(story.title(), story.summary())));
            ExtractiveSummary.of(story.summary(), properties.summarySentences(), TextEncoder::encodeAll);
        }
        double msPerStory = (System.nanoTime() - started) / 1e6 / stories.size();

        AudienceProfiles profiles = new AudienceProfiles(TextEncoder::encode, properties.centroidWeight(),
                properties.profileMinStories());
        AudienceChooser chooser = new AudienceChooser(properties);
        int[] lexicon = new int[2];
        int[] model = new int[2];
        int actual = 0;
        for (int fold = 0; fold < FOLDS; fold++) {
            Map<Long, List<float[]>> labelled = new HashMap<>();
            for (int i = 0; i < stories.size(); i++) {
                if (i % FOLDS != fold) {
                    for (String slug : stories.get(i).audiences()) {
                        labelled.computeIfAbsent(idBySlug.get(slug), k -> new ArrayList<>()).add(vectors.get(i));
                    }
                }
            }
            Map<Long, float[]> profileVectors = profiles.of(catalogue, labelled);
            for (int i = fold; i < stories.size(); i += FOLDS) {
                LabelledStory story = stories.get(i);
                Set<Long> truth = story.audiences().stream().map(idBySlug::get).collect(Collectors.toSet());
                Set<Long> hits = KeywordLexicon.audiences(story.title(), story.summary(), catalogue).stream()
                        .map(w -> idByName.get(w.audienceDisplayName())).collect(Collectors.toSet());
                Set<Long> chosen = chooser.choose(vectors.get(i), profileVectors, hits).keySet();
                actual += truth.size();
                count(lexicon, hits, truth);
                count(model, chosen, truth);
            }
        }

        List<Pair> pairs = pairs();
        StoryRanker ranker = new StoryRanker(RankingProperties.defaults());
        int[] words = new int[2];
        int[] meaning = new int[2];
        int same = 0;
        for (Pair pair : pairs) {
            Story a = story(1, pair.titleA(), pair.summaryA(), "Outlet A");
            Story b = story(2, pair.titleB(), pair.summaryB(), "Outlet B");
            Map<Long, float[]> lede = Map.of(
                    1L, TextEncoder.encode(StoryEnricher.ledeText(a.title(), a.summary())),
                    2L, TextEncoder.encode(StoryEnricher.ledeText(b.title(), b.summary())));
            boolean mergedByWords = ranker.collapse(List.of(a, b)).size() == 1;
            boolean mergedByMeaning = ranker.collapse(List.of(a, b),
                    new StoryVectors(lede, properties.duplicateSimilarity())).size() == 1;
            same += pair.same() ? 1 : 0;
            tally(words, mergedByWords, pair.same());
            tally(meaning, mergedByMeaning, pair.same());
        }
        return new Result(stories.size(), pairs.size(), Scores.of(lexicon[0], lexicon[1], actual),
                Scores.of(model[0], model[1], actual), Scores.of(words[0], words[1], same),
                Scores.of(meaning[0], meaning[1], same), msPerStory);
    }

    static Story story(long id, String title, String summary, String source) {
        Instant at = Instant.parse("2026-11-24T09:00:00Z");
        return new Story(id, "https://" + source.replace(' ', '-').toLowerCase() + ".example/" + id, title,
                app.recap.story.TitleKeys.of(title), summary, source, at, false, at, new Tldr(summary, null, null), 0.5,
                List.of(), Map.of(1L, 1.0), List.of(new Story.StorySource(source, "https://example.org/" + id)));
    }

    private static void count(int[] counts, Set<Long> predicted, Set<Long> truth) {
        Set<Long> hit = new HashSet<>(predicted);
        hit.retainAll(truth);
        counts[0] += hit.size();
        counts[1] += predicted.size();
    }

    /** counts[0]: merged and the same news; counts[1]: merged. */
    private static void tally(int[] counts, boolean merged, boolean same) {
        if (merged) {
            counts[1]++;
            if (same) {
                counts[0]++;
            }
        }
    }

    private static List<String[]> rows(String resource, int columns) {
        List<String[]> rows = new ArrayList<>();
        for (String line : read(resource).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t");
            if (cells.length != columns) {
                throw new IllegalStateException(resource + ": " + columns + " columns expected: " + line);
            }
            rows.add(cells);
        }
        return rows;
    }

    private static String read(String resource) {
        try (InputStream in = EnrichmentEvaluation.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
