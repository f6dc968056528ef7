package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.ingest.FeedService;
import app.recap.ingest.IngestRuns;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.support.IngestContext;

/**
 * The ingest job's enrichStories step end to end (H2, and PostgreSQL in the suite's second run): a plain feed is
 * fetched by the first step, then the second embeds its items once, gives them the model's audiences and an
 * extractive TL;DR, and stores their vectors for the weekly job.
 */
class EnrichStoriesStepTests extends IngestContext {

    @Autowired FeedService feeds;
    @Autowired IngestRuns runs;
    @Autowired StoryRepository stories;
    @Autowired AudienceRepository audiences;
    @Autowired StoryEmbeddings embeddings;

    @Test
    void aPlainItemGetsTheModelsAudiencesAndTldrAndIsEmbeddedOnce() throws Exception {
        Audience legal = audiences.ensure("step-legal", "Step Legal Teams",
                "Lawyers following court rulings on copyright, fair use and the training of AI models.",
                List.of("regulation", "lawsuit", "court"));
        Audience design = audiences.ensure("step-design", "Step Design Leaders",
                "Product managers and designers shaping interfaces and user experience.",
                List.of("ux", "interface", "design"));
        String url = "https://plain-step.example/judge-fair-use";
        // one keyword of the legal lexicon ("court"), none of the design one
        String description = "A federal court ruled that training a language model on purchased books was fair use."
                + " Our newsletter is sent every Friday. The ruling leaves the authors' infringement claims over"
                + " pirated copies for a jury. Photos by our staff. Both sides said they would study the decision.";
        server.serve("/plain-step.xml", ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Plain Step</title><link>https://plain-step.example/</link>
                <description>test feed</description>
                <item><title>Judge says AI training on books was fair use</title><link>%s</link>
                <pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>%s</description></item>
                </channel></rss>""".formatted(url, description)).getBytes(StandardCharsets.UTF_8),
                "application/rss+xml");
        feeds.add(server.url("/plain-step.xml"), "Plain Step", null);

        runs.run();

        long id = stories.findIdByUrl(url).orElseThrow();
        Story story = stories.findAllById(List.of(id)).get(0);
        assertThat(story.audienceWeights()).containsKey(legal.id()).doesNotContainKey(design.id());
        // two sentences that carry the news, not the asides about the newsletter and the photos
        assertThat(ExtractiveSummary.sentences(story.tldr().whatChanged())).hasSize(2);
        assertThat(story.tldr().whatChanged()).startsWith("A federal court ruled")
                .doesNotContain("newsletter", "Photos");
        Map<Long, float[]> vectors = embeddings.ledeVectors(List.of(id));
        assertThat(vectors.get(id)).hasSize(TextEncoder.DIMENSIONS);
        String stored = jdbc.sql("select lede_vector from story_embedding where story_id = ?").param(id)
                .query(String.class).single();

        runs.run();
        assertThat(jdbc.sql("select lede_vector from story_embedding where story_id = ?").param(id)
                .query(String.class).single()).as("embedded once, not again on the next run").isEqualTo(stored);
    }

    @Test
    void storiesEmbeddedOnSeveralThreadsEachGetTheirOwnVectorsAndTldr() throws Exception {
        audiences.ensure("step-infra", "Step Infrastructure Teams", "Engineers running GPUs, clusters and inference.",
                List.of("gpu", "cluster", "inference"));
        int count = EnrichmentJobConfiguration.CHUNK + 12; // two chunks, the second partly filled
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++) {
            items.append("""
                    <item><title>Lab %d ships model %d</title><link>https://threads-step.example/%d</link>
                    <pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>Lab %d released model %d for                     inference on %d GPUs. Subscribe to our newsletter for more. The weights are open and the                     benchmark covers %d languages. Analysts expect %d customers this year.</description></item>
                    """.formatted(i, i, i, i, i, i * 3 + 1, i * 7 + 2, i * 11 + 5));
        }
        server.serve("/threads-step.xml", ("""
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>Threads Step</title><link>https://threads-step.example/</link>
                <description>test feed</description>%s</channel></rss>""".formatted(items))
                .getBytes(StandardCharsets.UTF_8), "application/rss+xml");
        feeds.add(server.url("/threads-step.xml"), "Threads Step", null);

        runs.run();

        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(stories.findIdByUrl("https://threads-step.example/" + i).orElseThrow());
        }
        Map<Long, float[]> vectors = embeddings.ledeVectors(ids);
        assertThat(vectors).hasSize(count);
        for (Story story : stories.findAllById(ids)) {
            // what one thread computes for this story alone: a story paired with another's result would differ
            float[] expected = TextEncoder.encode(StoryEnricher.ledeText(story.title(), story.summary()));
            assertThat(vectors.get(story.id())).as(story.title()).containsExactly(expected, within(1e-5f));
            assertThat(story.tldr().whatChanged()).as(story.title()).isEqualTo(
                    ExtractiveSummary.of(story.summary(), 2, TextEncoder::encodeAll));
        }
    }
}
