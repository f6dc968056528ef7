package app.recap.enrichment;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.recap.audience.AudienceRepository;
import app.recap.story.Story;
import app.recap.story.StoryRepository;

/**
 * Embeds stories and, for plain ones, replaces the lexicon's guess with the model's: audiences by similarity to the
 * audience profiles, and an extractive TL;DR. Each story is embedded once; a story that fails is logged and left
 * for the next run, and a model that cannot load stops the run without failing the ingest job.
 */
@Component
class StoryEnricher {

    private static final Logger log = LoggerFactory.getLogger(StoryEnricher.class);
    /** Words of the item's text in its text vector: the model reads 256 word pieces at most. */
    static final int TEXT_WORDS = 150;
    static final int LEDE_WORDS = 40;
    /** Labels per run that audience profiles learn from, the most recent first. */
    static final int PROFILE_LABELS = 5000;
    /** A label weaker than this is the aggregator's "also relevant", too faint to teach a profile. */
    static final double LABEL_MIN_WEIGHT = 0.5;

    private final StoryRepository stories;
    private final StoryEmbeddings embeddings;
    private final AudienceRepository audiences;
    private final EnrichmentProperties properties;
    private final Clock clock;
    private final AudienceProfiles profiles;
    private final AudienceChooser chooser;

    StoryEnricher(StoryRepository stories, StoryEmbeddings embeddings, AudienceRepository audiences,
            EnrichmentProperties properties, Clock clock) {
        this.stories = stories;
        this.embeddings = embeddings;
        this.audiences = audiences;
        this.properties = properties;
        this.clock = clock;
        this.profiles = new AudienceProfiles(TextEncoder::encode, properties.centroidWeight(),
                properties.profileMinStories());
        this.chooser = new AudienceChooser(properties);
    }

    /** The text whose vector finds near-duplicates: the title and the summary's first sentence. */
    static String ledeText(String title, String summary) {
        List<String> sentences = ExtractiveSummary.sentences(summary);
        return join(title, sentences.isEmpty() ? "" : words(sentences.get(0), LEDE_WORDS));
    }

    /** The text whose vector finds audiences: the title and the start of the summary. */
    static String fullText(String title, String summary) {
        return join(title, words(summary, TEXT_WORDS));
    }

    private static String join(String title, String text) {
        String t = title == null ? "" : title.strip();
        return text == null || text.isBlank() ? t : t + ". " + text.strip();
    }

    private static String words(String text, int max) {
        if (text == null) {
            return "";
        }
        String[] words = text.strip().split("\\s+");
        return words.length <= max ? text : String.join(" ", Arrays.copyOf(words, max));
    }

    /** Profiles built at the start of a run: the labels that arrived since the last run count from this one. */
    Run start() {
        return new Run(profiles.of(audiences.findAll(),
                embeddings.labelledByAudience(LABEL_MIN_WEIGHT, PROFILE_LABELS)));
    }

    /** One ingest run's enrichment, with the audience profiles as they were at its start. */
    final class Run {

        private final Map<Long, float[]> profileVectors;
        private boolean modelBroken;

        private Run(Map<Long, float[]> profileVectors) {
            this.profileVectors = profileVectors;
        }

        /**
         * Embeds the stories on {@code recap.enrichment.threads} threads, one model run per thread at a time (short
         * texts gain nothing from splitting one run over cores), and stores each in the stories' order as soon as it
         * is ready.
         *
         * @return how many of the stories were embedded
         */
        int enrich(List<StoryEmbeddings.Pending> pending) {
            if (modelBroken || pending.isEmpty()) {
                return 0;
            }
            Map<Long, Story> byId = stories.findAllById(pending.stream().map(StoryEmbeddings.Pending::storyId).toList())
                    .stream().collect(Collectors.toMap(Story::id, Function.identity()));
            AtomicInteger threadNumber = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, properties.threads()),
                    task -> new Thread(task, "enrich-" + threadNumber.incrementAndGet()));
            try {
                List<Long> ids = new ArrayList<>();
                List<Future<Embedded>> embedded = new ArrayList<>();
                for (StoryEmbeddings.Pending p : pending) {
                    Story story = byId.get(p.storyId());
                    if (story != null) {
                        ids.add(story.id());
                        embedded.add(workers.submit(() -> embed(story, p.plain())));
                    }
                }
                int done = 0;
                for (int i = 0; i < embedded.size(); i++) {
                    Embedded story;
                    try {
                        story = embedded.get(i).get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return done;
                    } catch (ExecutionException e) {
                        if (e.getCause() instanceof LinkageError || e.getCause() instanceof IllegalStateException) {
                            // ONNX Runtime without a native library for this platform, or a model that cannot load:
                            // no story can be embedded, and the lexicon's enrichment stays
                            modelBroken = true;
                            log.error("embedding model {} unavailable, stories stay unenriched until it loads: {}",
                                    TextEncoder.MODEL, e.getCause().toString());
                            return done;
                        }
                        if (e.getCause() instanceof Error error) {
                            throw error;
                        }
                        log.warn("story {} not enriched, retried next run: {}", ids.get(i), e.getCause().toString());
                        continue;
                    }
                    try {
                        store(story);
                        done++;
                    } catch (RuntimeException e) {
                        log.warn("story {} not enriched, retried next run: {}", story.storyId(), e.toString());
                    }
                }
                return done;
            } finally {
                workers.shutdownNow();
            }
        }

        /** The model's work for one story, safe on any thread: nothing here touches the database. */
        private Embedded embed(Story story, boolean plain) {
            String ledeText = ledeText(story.title(), story.summary());
            String fullText = fullText(story.title(), story.summary());
            float[] lede = TextEncoder.encode(ledeText);
            // a one-sentence summary makes both texts the same: one model run, not two
            float[] text = fullText.equals(ledeText) ? lede : TextEncoder.encode(fullText);
            if (!plain) {
                return new Embedded(story.id(), lede, text, false, null, Map.of(), Set.of());
            }
            Set<Long> lexiconHits = new HashSet<>(story.audienceWeights().keySet());
            Map<Long, Double> chosen = chooser.choose(text, profileVectors, lexiconHits);
            String tldr = ExtractiveSummary.of(story.summary(), properties.summarySentences(), TextEncoder::encodeAll);
            return new Embedded(story.id(), lede, text, true, tldr, chosen, lexiconHits);
        }

        private void store(Embedded story) {
            if (story.plain()) {
                stories.replaceLocalEnrichment(story.storyId(), story.tldr(), story.audiences());
                log.debug("story {} enriched locally audiences={} lexicon={}", story.storyId(),
                        story.audiences().keySet(), story.lexiconHits());
            }
            embeddings.save(story.storyId(), story.lede(), story.text(), clock.instant());
        }
    }

    private record Embedded(long storyId, float[] lede, float[] text, boolean plain, String tldr,
            Map<Long, Double> audiences, Set<Long> lexiconHits) {
    }
}
