package app.recap.preferences;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.recap.subscriber.DigestLength;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Subscriptions;
import app.recap.subscriber.Topics;

/**
 * What a subscriber can change from the preference link of an email. The signed link is the proof of owning
 * the address, so changes need no further confirmation, except that a suppressed address is never made active
 * again without a fresh confirmation email. Every change takes effect from the next edition prepared.
 */
@Service
class PreferenceCenter {

    private static final Logger log = LoggerFactory.getLogger(PreferenceCenter.class);

    /** A subscription as its preference link addresses it. */
    record Target(Subscriptions.SubscriberRecord subscriber, NewsletterList list, Subscriptions.Subscription subscription,
            List<Long> audienceIds) {
    }

    /** What asking to receive a list again did. */
    enum Resubscribe {
        ACTIVE, CONFIRMATION_SENT
    }

    private final ListRepository lists;
    private final Topics topics;
    private final SubscriberRepository subscribers;
    private final Subscriptions subscriptions;
    private final SubscriberLinks links;
    private final ApplicationEventPublisher events;
    private final PreferencesProperties properties;
    private final Clock clock;

    PreferenceCenter(ListRepository lists, Topics topics, SubscriberRepository subscribers, Subscriptions subscriptions,
            SubscriberLinks links, ApplicationEventPublisher events, PreferencesProperties properties, Clock clock) {
        this.lists = lists;
        this.topics = topics;
        this.subscribers = subscribers;
        this.subscriptions = subscriptions;
        this.links = links;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** The subscription a link names; empty when the subscriber was erased or never subscribed to the list. */
    Optional<Target> find(LinkToken claims) {
        return subscriptions.subscriber(claims.subscriberId())
                .flatMap(subscriber -> lists.findById(claims.listId())
                        .flatMap(list -> subscriptions.find(subscriber.id(), list.id())
                                .map(s -> new Target(subscriber, list, s,
                                        subscribers.audienceIds(subscriber.id(), list.id())))));
    }

    /**
     * Replaces the audiences followed, by the one rule of {@link Topics}: none chosen means every topic. Those still
     * chosen keep their place, new ones follow in the list's order.
     *
     * @param chosen audience ids as the form sends them
     * @return the checked choice; nothing is changed when it is not valid (it names a topic the list does not offer)
     */
    @Transactional
    Topics.Choice changeAudiences(Target target, List<String> chosen) {
        Topics.Allowed allowed = topics.of(target.list().id());
        Topics.Choice choice = allowed.byIds(chosen);
        if (!choice.valid()) {
            return choice;
        }
        Set<Long> wanted = new LinkedHashSet<>(choice.ids());
        List<Long> ordered = new ArrayList<>();
        for (Long id : target.audienceIds()) {
            if (wanted.contains(id)) {
                ordered.add(id);
            }
        }
        for (Long id : allowed.ids()) {
            if (wanted.contains(id) && !ordered.contains(id)) {
                ordered.add(id);
            }
        }
        subscribers.setAudiences(target.subscriber().id(), target.list().id(), ordered);
        log.info("audiences changed subscriber={} list={} audiences={}", target.subscriber().id(),
                target.list().slug(), ordered.isEmpty() ? "every" : ordered);
        return choice;
    }

    /** Sets the length of the digest; null goes back to the list's default. */
    void changeLength(Target target, DigestLength length) {
        subscribers.setLength(target.subscriber().id(), target.list().id(), length);
        log.info("length changed subscriber={} list={} length={}", target.subscriber().id(), target.list().slug(),
                length == null ? "default" : length);
    }

    /** The length this subscriber gets: their own choice or the list's default. */
    DigestLength length(Target target) {
        return subscribers.lengthOf(target.subscriber().id(), target.list().id())
                .orElseGet(() -> lists.defaultLength(target.list().id()));
    }

    /** What "every topic" stands for on this list, in its order. */
    List<Long> everyTopic(NewsletterList list) {
        return topics.of(list.id()).ids();
    }

    /**
     * Pauses for whole weeks from now, or resumes with 0.
     *
     * @return false when {@code weeks} is outside 0..max-pause-weeks
     */
    boolean pause(Target target, int weeks) {
        if (weeks < 0 || weeks > properties.maxPauseWeeks()) {
            return false;
        }
        Instant now = clock.instant();
        Instant until = weeks == 0 ? null : now.plus(Duration.ofDays(7L * weeks));
        subscriptions.pause(target.subscriber().id(), target.list().id(), until, now);
        log.info("pause subscriber={} list={} weeks={}", target.subscriber().id(), target.list().slug(), weeks);
        return true;
    }

    void unsubscribe(Target target) {
        subscribers.setStatus(target.subscriber().id(), target.list().id(), SubscriptionStatus.UNSUBSCRIBED,
                clock.instant());
        log.info("unsubscribed subscriber={} list={} via=preferences", target.subscriber().id(), target.list().slug());
    }

    /**
     * Receives the list again. Active at once for an address in good standing; a suppressed address gets a
     * confirmation email instead and stays suppressed until its link is opened.
     */
    @Transactional
    Resubscribe resubscribe(Target target) {
        long subscriberId = target.subscriber().id();
        long listId = target.list().id();
        Instant now = clock.instant();
        if (target.subscriber().suppressed()) {
            subscribers.setStatus(subscriberId, listId, SubscriptionStatus.UNCONFIRMED, now);
            subscriptions.confirmationRequested(subscriberId, listId, now);
            events.publishEvent(new ConfirmationRequested(subscriberId, listId, target.subscriber().email(),
                    target.subscriber().name(), links.confirmUrl(subscriberId, listId), links.confirmationExpiresAt()));
            log.info("resubscribe subscriber={} list={} outcome=confirmation-requested suppressed", subscriberId,
                    target.list().slug());
            return Resubscribe.CONFIRMATION_SENT;
        }
        subscribers.setStatus(subscriberId, listId, SubscriptionStatus.CONFIRMED, now);
        subscriptions.markConfirmed(subscriberId, listId, now);
        log.info("resubscribe subscriber={} list={} outcome=active", subscriberId, target.list().slug());
        return Resubscribe.ACTIVE;
    }

    /** Lists a subscriber may switch to: every other list that is not archived. */
    List<NewsletterList> switchable(Target target) {
        return lists.findAll().stream().filter(l -> !l.archived() && l.id() != target.list().id()).toList();
    }

    /**
     * Moves the subscription to another list: the audiences both lists offer are kept (every topic of the new list
     * if none are), the old subscription ends.
     *
     * @return the new list, empty when {@code slug} names no list one can switch to
     */
    @Transactional
    Optional<NewsletterList> switchTo(Target target, String slug) {
        Optional<NewsletterList> found = switchable(target).stream().filter(l -> l.slug().equals(slug)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        NewsletterList to = found.get();
        long subscriberId = target.subscriber().id();
        Instant now = clock.instant();
        List<Long> offered = lists.offeredAudienceIds(to.id());
        // every topic stays every topic; chosen ones the new list does not offer are left behind
        List<Long> kept = target.audienceIds().stream().filter(offered::contains).toList();
        Optional<SubscriptionStatus> current = subscribers.statusOf(subscriberId, to.id());
        if (current.orElse(null) != SubscriptionStatus.CONFIRMED) {
            subscribers.subscribe(to.id(), target.subscriber().email(), target.subscriber().name(),
                    target.subscriber().timeZone(), kept, SubscriptionStatus.CONFIRMED, now);
            subscriptions.markConfirmed(subscriberId, to.id(), now);
            subscribers.setLength(subscriberId, to.id(),
                    subscribers.lengthOf(subscriberId, target.list().id()).orElse(null));
        }
        subscribers.setStatus(subscriberId, target.list().id(), SubscriptionStatus.UNSUBSCRIBED, now);
        log.info("switched subscriber={} from={} to={}", subscriberId, target.list().slug(), to.slug());
        return Optional.of(to);
    }

    int maxPauseWeeks() {
        return properties.maxPauseWeeks();
    }
}
