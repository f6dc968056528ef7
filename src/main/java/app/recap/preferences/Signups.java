package app.recap.preferences;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriberStatus;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Subscriptions;

/**
 * Sign-up with double opt-in. Requests are accepted at once and worked off on a background thread, so the
 * response is the same, and takes the same time, whether or not the address is known: what differs is only the
 * email its owner receives.
 *
 * <p>Whatever the address's history, an existing subscriber is never changed without the owner's confirmation:
 * a confirmed one just gets a confirmation email (its link leads to their preferences), anyone else, suppressed
 * addresses included, becomes UNCONFIRMED until the link is opened. A list without double opt-in subscribes a new
 * address at once, except from a form on another site ({@link SignupRequest#fromAnotherSite()}), where a hostile page
 * could post strangers' addresses: those confirm by email too.
 */
@Service
class Signups {

    private static final Logger log = LoggerFactory.getLogger(Signups.class);

    /** What opening a confirmation link did. */
    enum Confirmation {
        /** Waiting for the link to be opened (and its button pressed). */
        PENDING,
        CONFIRMED,
        ALREADY_CONFIRMED,
        /** Nothing to confirm any more: purged, unsubscribed since, erased, or suppressed since. */
        GONE
    }

    private final ListRepository lists;
    private final SubscriberRepository subscribers;
    private final Subscriptions subscriptions;
    private final SubscriberLinks links;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final TaskExecutor worker;

    Signups(ListRepository lists, SubscriberRepository subscribers, Subscriptions subscriptions, SubscriberLinks links,
            ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock,
            @Qualifier("signupThreads") TaskExecutor worker) {
        this.lists = lists;
        this.subscribers = subscribers;
        this.subscriptions = subscriptions;
        this.links = links;
        this.events = events;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
        // one thread (signupThreads): one at a time, no two requests for an address can race
        this.worker = worker;
    }

    /** Queues a sign-up; returns at once. */
    void submit(SignupRequest request) {
        try {
            worker.execute(() -> {
                try {
                    process(request);
                } catch (RuntimeException e) {
                    log.error("sign-up to list {} failed", request.listId(), e);
                }
            });
        } catch (TaskRejectedException full) {
            log.warn("sign-up queue full: request for list {} dropped", request.listId());
        }
    }

    /** Stores the request and asks for the email its owner must get; events go out after the commit. */
    void process(SignupRequest request) {
        transaction.executeWithoutResult(tx -> {
            Optional<NewsletterList> found = lists.findById(request.listId());
            if (found.isEmpty()) {
                return;
            }
            NewsletterList list = found.get();
            Instant now = clock.instant();
            Optional<SubscriberRepository.Subscriber> existing = subscribers.findByEmail(request.email());
            if (existing.isEmpty() && !list.doubleOptIn() && !request.fromAnotherSite()) {
                long id = subscribers.subscribe(list.id(), request.email(), request.name(), null,
                        request.audienceIds(), SubscriptionStatus.CONFIRMED, now);
                subscribers.setLength(id, list.id(), request.length());
                subscriptions.markConfirmed(id, list.id(), now);
                log.info("sign-up subscriber={} list={} outcome=subscribed (no double opt-in)", id, list.slug());
                events.publishEvent(new SignedUp(id, list.id(), request.email(), request.name(), false));
                events.publishEvent(new SubscriptionConfirmed(id, list.id(), request.email(), request.name(),
                        links.preferencesUrl(id, list.id()), links.unsubscribeUrl(id, list.id())));
                return;
            }
            long id;
            String name = request.name();
            if (existing.isPresent() && activeOn(existing.get(), list)) {
                // already receiving it: change nothing; the link in the email leads to the preferences
                id = existing.get().id();
                name = existing.get().name();
                log.info("sign-up subscriber={} list={} outcome=already-subscribed", id, list.slug());
            } else {
                id = subscribers.subscribe(list.id(), request.email(), request.name(), null, request.audienceIds(),
                        SubscriptionStatus.UNCONFIRMED, now);
                subscribers.setLength(id, list.id(), request.length());
                subscriptions.confirmationRequested(id, list.id(), now);
                events.publishEvent(new SignedUp(id, list.id(), request.email(), request.name(), true));
                if (existing.isPresent()) {
                    name = existing.get().name();
                }
                log.info("sign-up subscriber={} list={} outcome=confirmation-requested{}", id, list.slug(),
                        existing.map(s -> s.status() == SubscriberStatus.BLOCKLISTED ? " suppressed" : " known")
                                .orElse(" new"));
            }
            events.publishEvent(new ConfirmationRequested(id, list.id(), request.email(), name,
                    links.confirmUrl(id, list.id()), links.confirmationExpiresAt()));
        });
    }

    private boolean activeOn(SubscriberRepository.Subscriber subscriber, NewsletterList list) {
        return subscriber.status() != SubscriberStatus.BLOCKLISTED
                && subscribers.statusOf(subscriber.id(), list.id()).orElse(null) == SubscriptionStatus.CONFIRMED;
    }

    /** What a confirmation link would do if opened now, for the page a GET shows. */
    Confirmation state(LinkToken claims) {
        Optional<Subscriptions.Subscription> subscription = subscriptions.find(claims.subscriberId(), claims.listId());
        Optional<Subscriptions.SubscriberRecord> subscriber = subscriptions.subscriber(claims.subscriberId());
        if (subscription.isEmpty() || subscriber.isEmpty()) {
            return Confirmation.GONE;
        }
        return switch (subscription.get().status()) {
            case UNCONFIRMED -> Confirmation.PENDING;
            // a suppressed subscriber needs a fresh request: an old link must not lift the suppression
            case CONFIRMED -> subscriber.get().suppressed() ? Confirmation.GONE : Confirmation.ALREADY_CONFIRMED;
            case UNSUBSCRIBED -> Confirmation.GONE;
        };
    }

    /**
     * Opens a confirmation link: a pending subscription becomes CONFIRMED, and a suppressed address, whose owner
     * has just confirmed a fresh request, is no longer suppressed.
     */
    Confirmation confirm(LinkToken claims) {
        return transaction.execute(tx -> {
            Confirmation state = state(claims);
            if (state != Confirmation.PENDING) {
                return state;
            }
            long subscriberId = claims.subscriberId();
            long listId = claims.listId();
            if (!subscriptions.confirm(subscriberId, listId, clock.instant())) {
                return Confirmation.GONE;
            }
            boolean lifted = subscriptions.liftSuppression(subscriberId);
            Subscriptions.SubscriberRecord subscriber = subscriptions.subscriber(subscriberId).orElseThrow();
            log.info("confirmed subscriber={} list={}{}", subscriberId, listId, lifted ? " suppressionLifted=true" : "");
            events.publishEvent(new SubscriptionConfirmed(subscriberId, listId, subscriber.email(), subscriber.name(),
                    links.preferencesUrl(subscriberId, listId), links.unsubscribeUrl(subscriberId, listId)));
            return Confirmation.CONFIRMED;
        });
    }
}
