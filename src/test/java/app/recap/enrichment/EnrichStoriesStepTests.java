package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

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
}
