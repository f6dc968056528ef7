package app.recap.delivery;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.PlatformTransactionManager;

import app.recap.delivery.message.ComposedMessage;
import app.recap.delivery.message.DigestMessageComposer;
import app.recap.delivery.message.SegmentCache;
import app.recap.delivery.send.DeliveryItem;
import app.recap.delivery.send.DeliveryMetrics;
import app.recap.delivery.send.DeliveryWindowReader;
import app.recap.delivery.send.DeliveryWriter;
import app.recap.delivery.send.SendRateLimiter;
import app.recap.delivery.smtp.MailConnections;
import app.recap.edition.DigestRenderer;
import app.recap.edition.EditionBuilder;
import app.recap.edition.IsoWeek;
import app.recap.preferences.SubscriberLinks;
import app.recap.tracking.TrackedLinks;

/**
 * The weekly digest job, parameters {@code list} (slug) and {@code week} (ISO week, e.g. 2026-W48), plus an
 * optional {@code run} that makes a follow-up run (re-sending failed deliveries, a later time-zone slot) a new
 * job instance: collect the week's stories, rank them per audience, build the edition (freeze it, one delivery
 * per active subscriber), send it in partitions, finish. Restartable: completed steps and partitions are not
 * repeated, and sending picks up only deliveries still PENDING, so nobody gets an edition twice.
 */
@Configuration(proxyBeanMethods = false)
public class WeeklyDigestJobConfiguration {

    static final String JOB_NAME = "weeklyDigestJob";
    /** The step each partition of the send runs; its executions are named {@code sendPartition:partitionN}. */
    public static final String PARTITION_STEP = "sendPartition";
    static final String NOTHING_TO_SEND = "NOTHING_TO_SEND";

    @Bean
    Job weeklyDigestJob(JobRepository jobs, Step collectStories, Step rankStories, Step buildEdition,
            Step sendDigest, Step finishEdition) {
        return new JobBuilder(JOB_NAME, jobs)
                .validator(parametersValidator())
                .start(collectStories)
                .next(rankStories)
                .next(buildEdition).on(NOTHING_TO_SEND).end()
                .from(buildEdition).on("*").to(sendDigest)
                // only a completed send finishes the edition; a failed one leaves the job FAILED for a restart
                .next(finishEdition)
                .end()
                .build();
    }

    private static JobParametersValidator parametersValidator() {
        return parameters -> {
            String list = parameters.getString(WeeklyDigestContexts.LIST);
            if (list == null || list.isBlank()) {
                throw new InvalidJobParametersException("parameter 'list' (a list slug) is required");
            }
            try {
                IsoWeek.parse(parameters.getString(WeeklyDigestContexts.WEEK));
            } catch (IllegalArgumentException e) {
                throw new InvalidJobParametersException("parameter 'week': " + e.getMessage());
            }
        };
    }

    @Bean
    Step collectStories(JobRepository jobs, PlatformTransactionManager tx, WeeklyDigestContexts runs,
            EditionBuilder builder) {
        return new StepBuilder("collectStories", jobs).tasklet((contribution, chunk) -> {
            WeeklyDigestContext run = runs.of(chunk.getStepContext().getStepExecution());
            contribution.incrementWriteCount(builder.collect(run.list(), run.week()).storyCount());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    Step rankStories(JobRepository jobs, PlatformTransactionManager tx, WeeklyDigestContexts runs,
            EditionBuilder builder) {
        return new StepBuilder("rankStories", jobs).tasklet((contribution, chunk) -> {
            WeeklyDigestContext run = runs.of(chunk.getStepContext().getStepExecution());
            var ranking = builder.rank(run.list(), run.edition());
            contribution.incrementWriteCount(ranking.values().stream().mapToInt(List::size).sum());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    /** Ends the job ({@value #NOTHING_TO_SEND}) unless there is something to send; see {@link EditionDelivery#start}. */
    @Bean
    Step buildEdition(JobRepository jobs, PlatformTransactionManager tx, WeeklyDigestContexts runs,
            EditionDelivery delivery) {
        return new StepBuilder("buildEdition", jobs).tasklet((contribution, chunk) -> {
            EditionDelivery.Start start = delivery.start(runs.of(chunk.getStepContext().getStepExecution()));
            contribution.incrementWriteCount(start.prepared());
            if (!start.sends()) {
                contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    /** Local partitions on this JVM's threads; {@code recap.cluster.mode=manager} replaces it with remote ones. */
    @Bean
    @ConditionalOnExpression("'${recap.cluster.mode:local}'.toLowerCase() != 'manager'")
    Step sendDigest(JobRepository jobs, Step sendPartition, DeliveryRangePartitioner deliveryPartitioner,
            DeliveryProperties delivery, @Qualifier("sendThreads") TaskExecutor threads) {
        return new StepBuilder("sendDigest", jobs)
                .partitioner(PARTITION_STEP, deliveryPartitioner)
                .step(sendPartition)
                .gridSize(Math.max(1, delivery.partitions()))
                .taskExecutor(threads)
                .build();
    }

    /**
     * The threads local partitions send on: {@code recap.delivery.threads}, shared by every run on this node,
     * partitions beyond them waiting their turn. A pool of its own, apart from transactional mail's and ingest's
     * threads, so a long send neither delays a sign-up confirmation nor takes the feed fetchers' slots. On
     * shutdown a partition finishes its chunk (its outcomes are committed message by message either way).
     */
    @Bean
    @ConditionalOnExpression("'${recap.cluster.mode:local}'.toLowerCase() != 'manager'")
    ThreadPoolTaskExecutor sendThreads(ThreadPoolTaskExecutorBuilder builder, DeliveryProperties delivery) {
        int threads = Math.max(1, delivery.threads());
        return builder.threadNamePrefix("send-").corePoolSize(threads).maxPoolSize(threads)
                .queueCapacity(Integer.MAX_VALUE).awaitTermination(true)
                .awaitTerminationPeriod(Duration.ofSeconds(30)).build();
    }

    @Bean
    Step sendPartition(JobRepository jobs, PlatformTransactionManager tx,
            DeliveryWindowReader deliveryReader, DigestMessageComposer digestComposer,
            DeliveryWriter deliveryWriter, DeliveryProperties delivery) {
        return new StepBuilder(PARTITION_STEP, jobs).<DeliveryItem, ComposedMessage>chunk(delivery.chunkSize())
                .transactionManager(tx)
                .reader(deliveryReader)
                .processor(digestComposer)
                .writer(deliveryWriter)
                .listener(deliveryWriter)
                .build();
    }

    @Bean
    @StepScope
    DeliveryRangePartitioner deliveryPartitioner(DeliveryRepository deliveries, WeeklyDigestContexts runs,
            @Value("#{stepExecution}") StepExecution step) {
        return new DeliveryRangePartitioner(deliveries, runs.of(step).edition().id());
    }

    @Bean
    @StepScope
    DeliveryWindowReader deliveryReader(JdbcClient jdbc, WeeklyDigestContexts runs, DeliveryProperties delivery,
            Clock clock, @Value("#{stepExecution}") StepExecution step,
            @Value("#{stepExecutionContext['" + DeliveryRangePartitioner.MIN_ID + "']}") Long minId,
            @Value("#{stepExecutionContext['" + DeliveryRangePartitioner.MAX_ID + "']}") Long maxId) {
        WeeklyDigestContext run = runs.of(step);
        return new DeliveryWindowReader(jdbc, run.edition().id(), run.list().id(), minId, maxId, delivery.chunkSize(),
                clock.instant());
    }

    @Bean
    @StepScope
    DigestMessageComposer digestComposer(WeeklyDigestContexts runs, SegmentCache segments, DigestRenderer renderer,
            SubscriberLinks links, ReturnPaths returnPaths, MessageSource messages, Clock clock, TrackedLinks tracked,
            @Value("#{stepExecution}") StepExecution step) {
        return new DigestMessageComposer(segments.forEdition(runs.of(step).edition().id()), renderer, links,
                returnPaths, messages, clock, tracked);
    }

    @Bean
    @StepScope
    DeliveryWriter deliveryWriter(MailConnections connections, DeliveryRepository deliveries,
            DeliveryProperties delivery, SendRateLimiter limiter, DeliveryMetrics metrics, Clock clock,
            @Value("#{stepExecution}") StepExecution step) {
        return new DeliveryWriter(connections, deliveries, delivery, limiter, metrics, clock,
                WeeklyDigestContexts.label(step) + "/" + step.getStepName());
    }

    @Bean
    Step finishEdition(JobRepository jobs, PlatformTransactionManager tx, WeeklyDigestContexts runs,
            EditionDelivery delivery) {
        return new StepBuilder("finishEdition", jobs).tasklet((contribution, chunk) -> {
            delivery.finish(runs.of(chunk.getStepContext().getStepExecution()));
            return RepeatStatus.FINISHED;
        }, tx).build();
    }
}
