package app.recap.enrichment;

import java.util.List;

import org.springframework.stereotype.Service;

/**
 * Enrichment outside the ingest job, for callers that ingest feeds themselves (the demo): embeds every story that has
 * no vectors yet and enriches the plain ones, as the job's {@code enrichStories} step does.
 */
@Service
public class LocalEnrichment {

    private final StoryEnricher enricher;
    private final StoryEmbeddings embeddings;
    private final EnrichmentProperties properties;

    LocalEnrichment(StoryEnricher enricher, StoryEmbeddings embeddings, EnrichmentProperties properties) {
        this.enricher = enricher;
        this.embeddings = embeddings;
        this.properties = properties;
    }

    /** @return how many stories were embedded; 0 when {@code recap.enrichment.enabled} is false */
    public int enrichPending() {
        if (!properties.enabled()) {
            return 0;
        }
        List<StoryEmbeddings.Pending> pending = embeddings.pending(properties.maxPerRun());
        if (pending.isEmpty()) {
            return 0;
        }
        StoryEnricher.Run run = enricher.start();
        int done = 0;
        for (int from = 0; from < pending.size(); from += EnrichmentJobConfiguration.CHUNK) {
            done += run.enrich(pending.subList(from, Math.min(pending.size(), from + EnrichmentJobConfiguration.CHUNK)));
        }
        return done;
    }
}
