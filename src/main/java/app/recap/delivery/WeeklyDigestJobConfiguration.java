package app.recap.delivery;

import java.time.Clock;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.parameters.JobParametersValidator;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.database.JdbcPagingItemReader;
import org.springframework.batch.infrastructure.item.database.Order;
import org.springframework.batch.infrastructure.item.database.builder.JdbcPagingItemReaderBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import app.recap.edition.DigestRenderer;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.preferences.SubscriberLinks;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The weekly digest job, parameters {@code list} (slug) and {@code week} (ISO week, e.g. 2026-W48):
 * collect the week's stories, rank them per audience, build the edition (freeze it and prepare one delivery
 * per active subscriber), send it, finish. Restartable: completed steps are not repeated, and the send step
 * picks up only deliveries still PENDING, so a list and week never gets a message twice.
 */
@Configuration(proxyBeanMethods = false)
class WeeklyDigestJobConfiguration {

    static final String JOB_NAME = "weeklyDigestJob";
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
            String week = parameters.getString("week");
            if (list == null || list.isBlank()) {
                throw new InvalidJobParametersException("parameter 'list' (a list slug) is required");
            }
            try {
                IsoWeek.parse(week);
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
            Edition edition = editions.find(list.id(), IsoWeek.parse((String) params.get("week"))).orElseThrow();
            var ranking = builder.rank(list, edition);
            contribution.incrementWriteCount(ranking.values().stream().mapToInt(java.util.List::size).sum());
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    Step buildEdition(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists,
            EditionRepository editions, EditionBuilder builder, DeliveryRepository deliveries, Clock clock) {
        return new StepBuilder("buildEdition", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = editions.find(list.id(), IsoWeek.parse((String) params.get("week"))).orElseThrow();
            if (edition.status() == EditionStatus.SENT) {
                log.info("edition {} of list {} week {} was already sent", edition.id(), list.slug(), edition.week());
                contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
                return RepeatStatus.FINISHED;
            }
            var decision = builder.sendable(edition);
            if (!decision.sendable()) {
                editions.setStatus(edition.id(), EditionStatus.SKIPPED, decision.reason(), clock.instant());
                log.warn("edition {} of list {} week {} not sent: {}", edition.id(), list.slug(), edition.week(),
                        decision.reason());
                contribution.setExitStatus(new ExitStatus(NOTHING_TO_SEND));
                return RepeatStatus.FINISHED;
            }
            int prepared = deliveries.prepare(edition.id(), list.id(), clock.instant());
            editions.setStatus(edition.id(), EditionStatus.SENDING, null, clock.instant());
            contribution.incrementWriteCount(prepared);
            log.info("edition {} of list {} week {} ready deliveriesPrepared={}", edition.id(), list.slug(),
                    edition.week(), prepared);
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    @Bean
    Step sendDigest(JobRepository jobs, PlatformTransactionManager tx, JdbcPagingItemReader<DeliveryItem> deliveryReader,
            DigestMessageComposer digestComposer, DeliveryWriter deliveryWriter, MailProperties mail) {
        return new StepBuilder("sendDigest", jobs).<DeliveryItem, ComposedMessage>chunk(mail.chunkSize())
                .transactionManager(tx)
                .reader(deliveryReader)
                .processor(digestComposer)
                .writer(deliveryWriter)
                .listener(deliveryWriter)
                .build();
    }

    @Bean
    @StepScope
    JdbcPagingItemReader<DeliveryItem> deliveryReader(DataSource dataSource, ListRepository lists,
            EditionRepository editions, MailProperties mail, @Value("#{jobParameters['list']}") String listSlug,
            @Value("#{jobParameters['week']}") String week) throws Exception {
        NewsletterList list = list(lists, listSlug);
        Edition edition = editions.find(list.id(), IsoWeek.parse(week)).orElseThrow();
        return new JdbcPagingItemReaderBuilder<DeliveryItem>()
                .name("deliveryReader")
                .dataSource(dataSource)
                .selectClause("select delivery_id, subscriber_id, email, name, audience_key")
                .fromClause("""
                        from (select d.id as delivery_id, d.subscriber_id, u.email, u.name, s.audience_key
                              from delivery d
                              join subscriber u on u.id = d.subscriber_id
                              join subscription s on s.subscriber_id = d.subscriber_id and s.list_id = :listId
                              where d.edition_id = :editionId and d.status = 'PENDING') pending""")
                .sortKeys(Map.of("delivery_id", Order.ASCENDING))
                .parameterValues(Map.of("listId", list.id(), "editionId", edition.id()))
                .pageSize(mail.chunkSize())
                // no saved position: a restart re-reads whatever is still PENDING, which is exactly what is left
                .saveState(false)
                .rowMapper((rs, n) -> new DeliveryItem(rs.getLong("delivery_id"), rs.getLong("subscriber_id"),
                        rs.getString("email"), rs.getString("name"), rs.getString("audience_key")))
                .build();
    }

    @Bean
    @StepScope
    DigestMessageComposer digestComposer(ListRepository lists, EditionRepository editions, EditionSnapshots snapshots,
            DigestRenderer renderer, SubscriberLinks links, MessageSource messages, Clock clock,
            @Value("#{jobParameters['list']}") String listSlug, @Value("#{jobParameters['week']}") String week) {
        NewsletterList list = list(lists, listSlug);
        Edition edition = editions.find(list.id(), IsoWeek.parse(week)).orElseThrow();
        return new DigestMessageComposer(snapshots.load(edition.id()), lists.offeredAudienceIds(list.id()), renderer,
                links, messages, clock);
    }

    @Bean
    @StepScope
    DeliveryWriter deliveryWriter(MailConnections connections, DeliveryRepository deliveries,
            PlatformTransactionManager tx, MailProperties mail, Clock clock,
            @Value("#{jobParameters['list']}") String listSlug, @Value("#{jobParameters['week']}") String week) {
        return new DeliveryWriter(connections, deliveries, tx, mail, clock, listSlug + "/" + week);
    }

    @Bean
    Step finishEdition(JobRepository jobs, PlatformTransactionManager tx, ListRepository lists,
            EditionRepository editions, DeliveryRepository deliveries, Clock clock) {
        return new StepBuilder("finishEdition", jobs).tasklet((contribution, context) -> {
            Map<String, Object> params = context.getStepContext().getJobParameters();
            NewsletterList list = list(lists, (String) params.get("list"));
            Edition edition = editions.find(list.id(), IsoWeek.parse((String) params.get("week"))).orElseThrow();
            var counts = deliveries.counts(edition.id());
            editions.setStatus(edition.id(), EditionStatus.SENT, null, clock.instant());
            log.info("edition {} of list {} week {} sent={} failed={} skipped={} pending={}", edition.id(), list.slug(),
                    edition.week(), counts.get(DeliveryStatus.SENT), counts.get(DeliveryStatus.FAILED),
                    counts.get(DeliveryStatus.SKIPPED), counts.get(DeliveryStatus.PENDING));
            return RepeatStatus.FINISHED;
        }, tx).build();
    }

    private static NewsletterList list(ListRepository lists, String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> new IllegalArgumentException("no list with slug " + slug));
    }
}
