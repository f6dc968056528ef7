package app.recap.demo;

import java.io.InputStream;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.enrichment.LocalEnrichment;
import app.recap.ingest.FeedIngester;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo content (idempotently: a second start finds everything in place), ingests the demo feeds and
 * runs the weekly job for the demo week, then logs one summary line.
 */
@Component
@ConditionalOnProperty(name = "recap.demo.enabled", havingValue = "true")
class DemoRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);

    private final DemoProperties properties;
    private final JsonMapper json;
    private final AudienceRepository audiences;
    private final ListRepository lists;
    private final SubscriberRepository subscribers;
    private final FeedSourceRepository feeds;
    private final FeedIngester ingester;
    private final LocalEnrichment enrichment;
    private final WeeklyDigest weeklyDigest;
    private final Clock clock;

    DemoRunner(DemoProperties properties, JsonMapper json, AudienceRepository audiences, ListRepository lists,
            SubscriberRepository subscribers, FeedSourceRepository feeds, FeedIngester ingester,
            LocalEnrichment enrichment, WeeklyDigest weeklyDigest, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.audiences = audiences;
        this.lists = lists;
        this.subscribers = subscribers;
        this.feeds = feeds;
        this.ingester = ingester;
        this.enrichment = enrichment;
        this.weeklyDigest = weeklyDigest;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        DemoContent content;
        try (InputStream in = properties.content().getInputStream()) {
            content = json.readValue(in, DemoContent.class);
        }
        NewsletterList list = load(content);
        for (FeedSource feed : feeds.findEnabled()) {
            ingester.ingest(feed);
        }
        // as the ingest job's second step would: the plain feed's items get the model's audiences and TL;DR
        enrichment.enrichPending();
        DigestRun run = weeklyDigest.run(list.slug(), IsoWeek.parse(content.week()));
        log.info(run.summary());
    }

    NewsletterList load(DemoContent content) {
        Instant now = clock.instant();
        for (DemoContent.DemoAudience a : content.audiences()) {
            audiences.ensure(a.slug(), a.name(), a.description(), a.keywords());
        }
        DemoContent.DemoList l = content.list();
        NewsletterList list = lists.findBySlug(l.slug()).orElseGet(() -> lists.create(
                new NewsletterList(0, l.slug(), l.name(), l.senderName(), l.senderEmail(), l.replyTo(),
                        l.postalAddress(), DayOfWeek.valueOf(l.sendDay()), LocalTime.parse(l.sendTime()),
                        ZoneId.of(l.timeZone()), Locale.ENGLISH, true, false),
                ids(l.audiences()), now));
        for (DemoContent.DemoFeed f : content.feeds()) {
            feeds.register("classpath:" + f.file(), f.name(), f.authority(), now);
        }
        int loaded = 0;
        for (DemoContent.DemoSubscriber s : content.subscribers()) {
            if (subscribers.findByEmail(s.email()).isPresent()) {
                continue;
            }
            SubscriptionStatus status = "unsubscribed".equalsIgnoreCase(s.status()) ? SubscriptionStatus.UNSUBSCRIBED
                    : SubscriptionStatus.CONFIRMED;
            subscribers.subscribe(list.id(), s.email(), s.name(), s.timeZone(), ids(s.audiences()), status, now);
            loaded++;
        }
        log.info("demo content list={} audiences={} feeds={} newSubscribers={}", list.slug(), content.audiences().size(),
                content.feeds().size(), loaded);
        return list;
    }

    private List<Long> ids(List<String> slugs) {
        try {
            return audiences.idsOf(slugs);
        } catch (AudienceRepository.UnknownAudienceException e) {
            throw new IllegalStateException("demo names unknown audience " + e.slug());
        }
    }
}
