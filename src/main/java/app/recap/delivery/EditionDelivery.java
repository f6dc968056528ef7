package app.recap.delivery;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import app.recap.delivery.message.SegmentCache;
import app.recap.delivery.send.SendRateLimiter;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.SendStep;
import app.recap.subscriber.NewsletterList;

/**
 * Starts and finishes the delivery of one edition for the weekly job. What to do with the edition is the edition
 * module's decision ({@link EditionBuilder#nextSendStep}); this carries it out on the delivery side: it prepares
 * the deliveries (and their time-zone slots) the first time, and counts what was sent at the end.
 */
@Component
class EditionDelivery {

    private static final Logger log = LoggerFactory.getLogger(EditionDelivery.class);

    private final EditionBuilder builder;
    private final EditionRepository editions;
    private final DeliveryRepository deliveries;
    private final SegmentCache segments;
    private final SendRateLimiter limiter;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EditionDelivery(EditionBuilder builder, EditionRepository editions, DeliveryRepository deliveries,
            SegmentCache segments, SendRateLimiter limiter, ApplicationEventPublisher events, Clock clock) {
        this.events = events;
        this.builder = builder;
        this.editions = editions;
        this.deliveries = deliveries;
        this.segments = segments;
        this.limiter = limiter;
        this.clock = clock;
    }

    /** What a start did: whether the job sends, and how many deliveries it prepared for that. */
    record Start(boolean sends, int prepared) {
    }

    /**
     * Freezes the edition and prepares deliveries the first time; later runs (restart, re-send of failed
     * deliveries, a later time-zone slot) go straight on to sending whatever is pending and due.
     */
    Start start(WeeklyDigestContext run) {
        NewsletterList list = run.list();
        Edition edition = run.edition();
        SendStep step = builder.nextSendStep(edition, () -> deliveries.countDue(edition.id(), clock.instant()) > 0);
        switch (step.action()) {
            case NOTHING -> log.info("edition {} of list {} week {} not sent again: {}", edition.id(), list.slug(),
                    edition.week(), step.reason());
            case SKIP -> {
                editions.setStatus(edition.id(), EditionStatus.SKIPPED, step.reason(), clock.instant());
                log.warn("edition {} of list {} week {} not sent: {}", edition.id(), list.slug(), edition.week(),
                        step.reason());
            }
            case PREPARE -> {
                // the edition's lock first: a rebuild from the edition page waits, then finds it frozen
                if (!editions.lockOpen(edition.id())) {
                    log.info("edition {} of list {} week {} was frozen by another run", edition.id(), list.slug(),
                            edition.week());
                    return new Start(false, 0);
                }
                int prepared = deliveries.prepare(edition.id(), list.id(), clock.instant());
                if (list.timewarp()) {
                    deliveries.scheduleInSubscriberZones(edition.id(), SendSchedule.sendDate(list, edition.week()),
                            list.sendTime(), list.timeZone());
                }
                editions.setStatus(edition.id(), EditionStatus.SENDING, null, clock.instant());
                log.info("edition {} of list {} week {} ready deliveriesPrepared={}", edition.id(), list.slug(),
                        edition.week(), prepared);
                return new Start(true, prepared);
            }
            case RESUME -> log.info("edition {} of list {} week {} resumes sending", edition.id(), list.slug(),
                    edition.week());
            case REOPEN -> editions.setStatus(edition.id(), EditionStatus.SENDING, null, clock.instant());
        }
        return new Start(step.sends(), 0);
    }

    /**
     * After a completed send: the edition is SENT when nothing is pending, else it stays SENDING with a note
     * (deliveries deferred by the relay or scheduled for a later time zone go out in a later run).
     */
    void finish(WeeklyDigestContext run) {
        Edition edition = run.edition();
        var counts = deliveries.counts(edition.id());
        long pending = counts.get(DeliveryStatus.PENDING);
        if (pending == 0) {
            editions.setStatus(edition.id(), EditionStatus.SENT, null, clock.instant());
            segments.evict(edition.id());
            events.publishEvent(new EditionSent(edition.id(), run.list().id(), run.list().slug(),
                    edition.week().toString(), counts.get(DeliveryStatus.SENT), counts.get(DeliveryStatus.FAILED),
                    counts.get(DeliveryStatus.SKIPPED), clock.instant()));
        } else {
            editions.setStatus(edition.id(), EditionStatus.SENDING, pending + " deliveries still pending",
                    clock.instant());
        }
        limiter.reset();
        log.info("edition {} of list {} week {} sent={} failed={} skipped={} pending={}", edition.id(),
                run.list().slug(), edition.week(), counts.get(DeliveryStatus.SENT), counts.get(DeliveryStatus.FAILED),
                counts.get(DeliveryStatus.SKIPPED), pending);
    }
}
