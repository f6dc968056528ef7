package app.recap.delivery;

import java.time.Clock;
import java.util.Map;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
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
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.preferences.SubscriberLinks;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

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
    private static final Logger log = LoggerFactory.getLogger(WeeklyDigestJobConfiguration.class);

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
            String list = parameters.getString("list");
            if (list == null || list.isBlank()) {
                throw new InvalidJobParametersException("parameter 'list' (a list slug) is required");
            }
            try {
                IsoWeek.parse(parameters.getString("week"));
            } catch (IllegalArgumentException e) {
                throw new InvalidJobParametersException("parameter 'week': " + e.getMessage());
            }
        };
    }

    @Bean
    Step collectStories(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists,
            EditionBuilder builder) {
        return new StepBuilder("collectStories", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = builder.collect(list, IsoWeek.parse((String) params.get("week")));
            contribution.incrementWriteCount(edition.storyCount());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    Step rankStories(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists, EditionBuilder builder,
            EditionRepository editions) {
        return new StepBuilder("rankStories", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = edition(editions, list, (String) params.get("week"));
            var ranking = builder.rank(list, edition);
            contribution.incrementWriteCount(ranking.values().stream().mapToInt(java.util.List::size).sum());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    /**
     * Freezes the edition and prepares deliveries the first time; later runs (restart, re-send of failed
     * deliveries, a later time-zone slot) go straight on to sending whatever is pending and due.
     */
    @Bean
    Step buildEdition(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists,
            EditionRepository editions, EditionBuilder builder, DeliveryRepository deliveries, Clock clock) {
        return new StepBuilder("buildEdition", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = edition(editions, list, (String) params.get("week"));
            switch (edition.status()) {
                case SKIPPED -> {
                    contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
                    return RepeatStatus.FINISHED;
                }
                case COLLECTED, RANKED -> {
                    var decision = builder.sendable(edition);
                    if (!decision.sendable()) {
                        editions.setStatus(edition.id(), EditionStatus.SKIPPED, decision.reason(), clock.instant());
                        log.warn("edition {} of list {} week {} not sent: {}", edition.id(), list.slug(),
                                edition.week(), decision.reason());
                        contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
                        return RepeatStatus.FINISHED;
                    }
                    int prepared = deliveries.prepare(edition.id(), list.id(), clock.instant());
                    if (list.timewarp()) {
                        deliveries.scheduleInSubscriberZones(edition.id(), SendSchedule.sendDate(list, edition.week()),
                                list.sendTime(), list.timeZone());
                    }
                    editions.setStatus(edition.id(), EditionStatus.SENDING, null, clock.instant());
                    contribution.incrementWriteCount(prepared);
                    log.info("edition {} of list {} week {} ready deliveriesPrepared={}", edition.id(), list.slug(),
                            edition.week(), prepared);
                }
                case READY, SENDING -> log.info("edition {} of list {} week {} resumes sending", edition.id(),
                        list.slug(), edition.week());
                case SENT -> {
                    if (deliveries.countDue(edition.id(), clock.instant()) == 0) {
                        log.info("edition {} of list {} week {} was already sent", edition.id(), list.slug(),
                                edition.week());
                        contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
                        return RepeatStatus.FINISHED;
                    }
                    editions.setStatus(edition.id(), EditionStatus.SENDING, null, clock.instant());
                }
            }
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    /** Local partitions on this JVM's threads; {@code recap.cluster.mode=manager} replaces it with remote ones. */
    @Bean
    @ConditionalOnExpression("'${recap.cluster.mode:local}'.toLowerCase() != 'manager'")
    Step sendDigest(JobRepository jobs, Step sendPartition, DeliveryRangePartitioner deliveryPartitioner,
            DeliveryProperties delivery) {
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("send-");
        threads.setConcurrencyLimit(Math.max(1, delivery.threads()));
        return new StepBuilder("sendDigest", jobs)
                .partitioner(PARTITION_STEP, deliveryPartitioner)
                .step(sendPartition)
                .gridSize(Math.max(1, delivery.partitions()))
                .taskExecutor(threads)
                .build();
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
    DeliveryRangePartitioner deliveryPartitioner(ListRepository lists, EditionRepository editions,
            DeliveryRepository deliveries, @Value("#{jobParameters['list']}") String listSlug,
            @Value("#{jobParameters['week']}") String week) {
        return new DeliveryRangePartitioner(deliveries, edition(editions, list(lists, listSlug), week).id());
    }

    @Bean
    @StepScope
    DeliveryWindowReader deliveryReader(JdbcClient jdbc, ListRepository lists, EditionRepository editions,
            DeliveryProperties delivery, Clock clock, @Value("#{jobParameters['list']}") String listSlug,
            @Value("#{jobParameters['week']}") String week,
            @Value("#{stepExecutionContext['" + DeliveryRangePartitioner.MIN_ID + "']}") Long minId,
            @Value("#{stepExecutionContext['" + DeliveryRangePartitioner.MAX_ID + "']}") Long maxId) {
        NewsletterList list = list(lists, listSlug);
        Edition edition = edition(editions, list, week);
        return new DeliveryWindowReader(jdbc, edition.id(), list.id(), minId, maxId, delivery.chunkSize(),
                clock.instant());
    }

    @Bean
    @StepScope
    DigestMessageComposer digestComposer(ListRepository lists, EditionRepository editions, SegmentCache segments,
            DigestRenderer renderer, SubscriberLinks links, MessageSource messages, Clock clock,
            @Value("#{jobParameters['list']}") String listSlug, @Value("#{jobParameters['week']}") String week) {
        Edition edition = edition(editions, list(lists, listSlug), week);
        return new DigestMessageComposer(segments.forEdition(edition.id()), renderer, links, messages, clock);
    }

    @Bean
    @StepScope
    DeliveryWriter deliveryWriter(MailConnections connections, DeliveryRepository deliveries,
            DeliveryProperties delivery, SendRateLimiter limiter,
            DeliveryMetrics metrics, Clock clock, @Value("#{jobParameters['list']}") String listSlug,
            @Value("#{jobParameters['week']}") String week,
            @Value("#{stepExecution.stepName}") String stepName) {
        return new DeliveryWriter(connections, deliveries, delivery, limiter, metrics, clock,
                listSlug + "/" + week + "/" + stepName);
    }

    @Bean
    Step finishEdition(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists,
            EditionRepository editions, DeliveryRepository deliveries, SegmentCache segments, SendRateLimiter limiter,
            Clock clock) {
        return new StepBuilder("finishEdition", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = edition(editions, list, (String) params.get("week"));
            var counts = deliveries.counts(edition.id());
            long pending = counts.get(DeliveryStatus.PENDING);
            if (pending == 0) {
                editions.setStatus(edition.id(), EditionStatus.SENT, null, clock.instant());
                segments.evict(edition.id());
            } else {
                // deferred by the relay or scheduled for a later time zone: a later run sends them
                editions.setStatus(edition.id(), EditionStatus.SENDING, pending + " deliveries still pending",
                        clock.instant());
            }
            limiter.reset();
            log.info("edition {} of list {} week {} sent={} failed={} skipped={} pending={}", edition.id(), list.slug(),
                    edition.week(), counts.get(DeliveryStatus.SENT), counts.get(DeliveryStatus.FAILED),
                    counts.get(DeliveryStatus.SKIPPED), pending);
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    private static NewsletterList list(ListRepository lists, String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> new IllegalArgumentException("no list with slug " + slug));
    }

    private static Edition edition(EditionRepository editions, NewsletterList list, String week) {
        return editions.find(list.id(), IsoWeek.parse(week)).orElseThrow(
                () -> new IllegalStateException("no edition of list " + list.slug() + " for week " + week));
    }
}
