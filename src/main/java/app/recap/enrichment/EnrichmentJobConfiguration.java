package app.recap.enrichment;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The ingest job's second step, {@value #STEP_NAME}: after the feeds are fetched, embed the stories that have no
 * vectors yet (at most {@code recap.enrichment.max-per-run}, newest first) and enrich the plain ones. A step of its
 * own so a slow model never holds up fetching; the weekly job only reads what it stored. With
 * {@code recap.enrichment.enabled=false} it reads nothing and the model is never loaded.
 */
@Configuration(proxyBeanMethods = false)
class EnrichmentJobConfiguration {

    /** The step's bean name, which the ingest job takes as its next step. */
    static final String STEP_NAME = "enrichStories";
    /** The model step's bean name, which the ingest job takes after {@value #STEP_NAME}. */
    static final String MODEL_STEP_NAME = "enrichStoriesWithModel";
    static final int CHUNK = 50;

    private static final Logger log = LoggerFactory.getLogger(EnrichmentJobConfiguration.class);

    @Bean(STEP_NAME)
    Step enrichStories(JobRepository jobs, ListItemReader<StoryEmbeddings.Pending> storiesToEnrich,
            ItemWriter<StoryEmbeddings.Pending> enrichment) {
        // each story is stored in its own transactions (the story's and its vectors'), as the fetch step does
        return new StepBuilder(STEP_NAME, jobs)
                .<StoryEmbeddings.Pending, StoryEmbeddings.Pending>chunk(CHUNK)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(storiesToEnrich)
                .writer(enrichment)
                .build();
    }

    /**
     * The ingest job's third step, {@value #MODEL_STEP_NAME}: the optional LLM for plain stories, after the local
     * enrichment so its answers are not overwritten. Does nothing unless {@code recap.enrichment.llm.enabled}; never
     * fails the job (a model that is down, slow or rate-limited leaves the local enrichment in place).
     */
    @Bean(MODEL_STEP_NAME)
    Step enrichStoriesWithModel(JobRepository jobs, ModelEnricher enricher) {
        return new StepBuilder(MODEL_STEP_NAME, jobs)
                .tasklet((contribution, context) -> {
                    try {
                        contribution.incrementWriteCount(enricher.enrichPending());
                    } catch (RuntimeException e) {
                        // the database, not the model (whose failures the enricher handles): still not the job's end
                        log.error("model enrichment stopped, plain stories keep the local enrichment: {}", e.toString());
                    }
                    return org.springframework.batch.infrastructure.repeat.RepeatStatus.FINISHED;
                }, new ResourcelessTransactionManager())
                .build();
    }

    @Bean
    @StepScope
    ListItemReader<StoryEmbeddings.Pending> storiesToEnrich(StoryEmbeddings embeddings,
            EnrichmentProperties properties) {
        return new ListItemReader<>(properties.enabled() ? embeddings.pending(properties.maxPerRun()) : List.of());
    }

    @Bean
    @StepScope
    ItemWriter<StoryEmbeddings.Pending> enrichment(StoryEnricher enricher) {
        return new EnrichmentWriter(enricher);
    }

    /** Enriches each chunk; the run (its audience profiles) starts with the first chunk, so an idle run builds none. */
    private static final class EnrichmentWriter implements ItemWriter<StoryEmbeddings.Pending> {

        private final StoryEnricher enricher;
        private StoryEnricher.Run run;

        EnrichmentWriter(StoryEnricher enricher) {
            this.enricher = enricher;
        }

        @Override
        public void write(Chunk<? extends StoryEmbeddings.Pending> chunk) {
            if (run == null) {
                run = enricher.start();
            }
            long started = System.nanoTime();
            int done = run.enrich(List.copyOf(chunk.getItems()));
            if (done > 0) {
                log.info("enriched stories={} msPerStory={}", done, (System.nanoTime() - started) / 1_000_000 / done);
            }
        }
    }
}
