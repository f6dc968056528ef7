package app.recap.ingest;

import java.time.Duration;
import java.time.Instant;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.ChunkOrientedStepBuilder;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.ListItemReader;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The ingest job ({@value #JOB_NAME}, parameter {@code runAt}, an instant, so every run is a new instance): a
 * chunk-oriented step that reads the enabled feeds not waiting out a back-off and hands each to
 * {@link FeedIngester}, {@code recap.ingest.concurrency} at a time. The ingester turns every failure into a
 * per-feed error, so one feed never fails the job; the step's chunks hold no database transaction of their own
 * for the same reason (a feed's new stories are stored in one transaction of their own, by
 * {@code StoryRepository.saveAll}). Then the enrichment module's {@code enrichStories} step embeds the new stories,
 * so a slow model never holds up fetching, and its {@code enrichStoriesWithModel} step asks the optional LLM about
 * plain ones.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class IngestJobConfiguration {

    static final String JOB_NAME = "ingestJob";
    static final String RUN_AT = "runAt";
    static final String FETCH_STEP = "ingestFeeds";
    static final String FEEDS_FAILED = "feedsFailed";
    static final String ITEMS_SEEN = "itemsSeen";
    static final String NEW_STORIES = "newStories";
    /**
     * A feed whose back-off ends within this margin after a run starts is fetched by that run: the back-off is
     * counted from when the failure happened, a little after the previous run started.
     */
    static final Duration SCHEDULE_SLACK = Duration.ofMinutes(5);

    @Bean
    Job ingestJob(JobRepository jobs, Step ingestFeeds, @Qualifier("enrichStories") Step enrichStories,
            @Qualifier("enrichStoriesWithModel") Step enrichStoriesWithModel) {
        return new JobBuilder(JOB_NAME, jobs)
                .validator(parameters -> {
                    String runAt = parameters.getString(RUN_AT);
                    try {
                        Instant.parse(runAt == null ? "" : runAt);
                    } catch (RuntimeException e) {
                        throw new InvalidJobParametersException("parameter '" + RUN_AT + "' (an ISO instant) is required");
                    }
                })
                .start(ingestFeeds)
                .next(enrichStories)
                .next(enrichStoriesWithModel)
                .build();
    }

    @Bean
    Step ingestFeeds(JobRepository jobs, ListItemReader<FeedSource> dueFeeds, FeedIngester ingester,
            IngestProperties properties, @Qualifier("ingestThreads") AsyncTaskExecutor ingestThreads) {
        ChunkOrientedStepBuilder<FeedSource, FetchReport> step = new StepBuilder(FETCH_STEP, jobs)
                .<FeedSource, FetchReport>chunk(properties.concurrency() * 4)
                .transactionManager(new ResourcelessTransactionManager())
                .reader(dueFeeds)
                .processor(ingester::ingest)
                .writer(totals());
        if (properties.concurrency() > 1) {
            step.taskExecutor(ingestThreads);
        }
        return step.build();
    }

    /**
     * The threads feeds are fetched on, {@code recap.ingest.concurrency} of them (unused at 1, when the step
     * fetches on its own thread). A pool of its own: slow feed servers hold these threads for seconds each, and
     * must not take the threads that send the digest or answer the admin.
     */
    @Bean
    ThreadPoolTaskExecutor ingestThreads(ThreadPoolTaskExecutorBuilder builder, IngestProperties properties) {
        int threads = Math.max(1, properties.concurrency());
        return builder.threadNamePrefix("ingest-").corePoolSize(threads).maxPoolSize(threads)
                .queueCapacity(Integer.MAX_VALUE).build();
    }

    @Bean
    @StepScope
    ListItemReader<FeedSource> dueFeeds(FeedSourceRepository feeds, @Value("#{jobParameters['runAt']}") String runAt) {
        return new ListItemReader<>(feeds.findDue(Instant.parse(runAt).plus(SCHEDULE_SLACK)));
    }

    /** Adds each chunk's reports to the step's totals, which the job repository keeps with the run. */
    private static ItemWriter<FetchReport> totals() {
        return (Chunk<? extends FetchReport> chunk) -> {
            StepExecution step = StepSynchronizationManager.getContext().getStepExecution();
            ExecutionContext totals = step.getExecutionContext();
            for (FetchReport report : chunk) {
                add(totals, FEEDS_FAILED, report.failed() ? 1 : 0);
                add(totals, ITEMS_SEEN, report.itemsSeen());
                add(totals, NEW_STORIES, report.newStories());
            }
        };
    }

    private static void add(ExecutionContext totals, String key, int amount) {
        totals.putInt(key, totals.getInt(key, 0) + amount);
    }
}
