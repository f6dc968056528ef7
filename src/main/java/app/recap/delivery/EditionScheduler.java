package app.recap.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Sends each list's edition at its send day and time, unless an admin cancelled that week's send
 * ({@link SendCancellations}): the first run when it is due, then, while the edition
 * still has deliveries pending (later time zones, relay deferrals), a follow-up run whenever some are due.
 * Across several nodes the job repository keeps it to one run: a job instance (list, week) completes once,
 * and a second node's start of a running one is refused.
 */
@Component
@EnableScheduling
@ConditionalOnProperty(name = "recap.delivery.schedule-enabled", havingValue = "true")
class EditionScheduler {

    private static final Logger log = LoggerFactory.getLogger(EditionScheduler.class);

    private final ListRepository lists;
    private final EditionRepository editions;
    private final DeliveryRepository deliveries;
    private final WeeklyDigest weeklyDigest;
    private final SendCancellations cancellations;
    private final Clock clock;

    EditionScheduler(ListRepository lists, EditionRepository editions, DeliveryRepository deliveries,
            WeeklyDigest weeklyDigest, SendCancellations cancellations, Clock clock) {
        this.cancellations = cancellations;
        this.lists = lists;
        this.editions = editions;
        this.deliveries = deliveries;
        this.weeklyDigest = weeklyDigest;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${recap.delivery.schedule-check}", fixedDelayString = "${recap.delivery.schedule-check}")
    void sendDueEditions() {
        Instant now = clock.instant();
        for (NewsletterList list : lists.findAll()) {
            if (list.archived()) {
                continue;
            }
            IsoWeek week = SendSchedule.dueWeek(list, now);
            Instant firstSend = list.timewarp() ? SendSchedule.sendInstant(list, week).minusSeconds(14 * 3600)
                    : SendSchedule.sendInstant(list, week);
            if (now.isBefore(firstSend)) {
                continue;
            }
            try {
                Optional<Edition> edition = editions.find(list.id(), week);
                if (edition.isEmpty() || !edition.get().status().contentFrozen()) {
                    if (cancellations.of(list.id(), week).isPresent()) {
                        // an admin called it off; only a send by hand starts it now
                        log.debug("schedule: list {} week {} was cancelled", list.slug(), week);
                        continue;
                    }
                    log.info("schedule: sending list {} week {}", list.slug(), week);
                    log.info(weeklyDigest.run(list.slug(), week).summary());
                } else if (edition.get().status() == app.recap.edition.EditionStatus.SENDING
                        && deliveries.countDue(edition.get().id(), now) > 0) {
                    String slot = "slot-" + now.getEpochSecond() / 60;
                    log.info("schedule: continuing list {} week {} {}", list.slug(), week, slot);
                    log.info(weeklyDigest.continueSending(list.slug(), week, slot).summary());
                }
            } catch (WeeklyDigest.AlreadyRunning running) {
                log.info("schedule: list {} week {} is already being sent", list.slug(), week);
            } catch (Exception e) {
                log.error("schedule: sending list {} week {} failed: {}", list.slug(), week, e.toString(), e);
            }
        }
    }
}
