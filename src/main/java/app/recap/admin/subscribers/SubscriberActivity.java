package app.recap.admin.subscribers;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import app.recap.bounce.Bounces;
import app.recap.bounce.LoggedBounce;
import app.recap.delivery.SubscriberDeliveries;
import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.Subscriptions;
import app.recap.tracking.SubscriberClicks;

/**
 * What happened to one subscriber's mail, for their page: their deliveries, the bounces and complaints heard about
 * them, their pauses, and on lists that track per subscriber the stories they followed. Each part comes from the
 * module that owns it.
 */
@Service
class SubscriberActivity {

    static final int LIMIT = 50;
    record Delivery(SubscriberDeliveries.SubscriberDelivery delivery, Instant sentAt) {
    }

    record Bounce(LoggedBounce bounce, Instant receivedAt) {
    }

    /** A list the subscriber's deliveries are paused on, until when. */
    record Pause(String listSlug, Instant until) {
    }

    record Click(SubscriberClicks.SubscriberClick click, Instant at) {
    }

    /**
     * @param tracksSubscribers whether any of the subscriber's lists records who clicked (else clicks are anonymous
     *                          and there is nothing to show)
     */
    record Activity(List<Delivery> deliveries, List<Bounce> bounces, List<Pause> pauses, boolean tracksSubscribers,
            List<Click> clicks) {
    }

    private final SubscriberDeliveries deliveries;
    private final Bounces bounces;
    private final Subscriptions subscriptions;
    private final SubscriberClicks clicks;
    private final ListRepository lists;
    private final Clock clock;

    SubscriberActivity(SubscriberDeliveries deliveries, Bounces bounces, Subscriptions subscriptions,
            SubscriberClicks clicks, ListRepository lists, Clock clock) {
        this.deliveries = deliveries;
        this.bounces = bounces;
        this.subscriptions = subscriptions;
        this.clicks = clicks;
        this.lists = lists;
        this.clock = clock;
    }

    Activity of(long subscriberId) {
        Instant now = clock.instant();
        Map<Long, NewsletterList> byId = lists.findAll().stream()
                .collect(Collectors.toMap(NewsletterList::id, Function.identity()));
        List<Subscriptions.Subscription> theirs = subscriptions.findBySubscriber(subscriberId);
        List<Pause> pauses = theirs.stream().filter(s -> s.pausedAt(now))
                .map(s -> new Pause(slug(byId, s.listId()), s.pausedUntil())).toList();
        boolean tracks = theirs.stream().map(s -> byId.get(s.listId()))
                .anyMatch(l -> l != null && l.tracking() == ClickTracking.SUBSCRIBER);
        return new Activity(
                deliveries.recent(subscriberId, LIMIT).stream()
                        .map(d -> new Delivery(d, d.sentAt())).toList(),
                bounces.list(null, null, null, subscriberId, null, LIMIT).stream()
                        .map(b -> new Bounce(b, b.receivedAt())).toList(),
                pauses, tracks,
                clicks.recent(subscriberId, LIMIT).stream().map(c -> new Click(c, c.at())).toList());
    }

    private static String slug(Map<Long, NewsletterList> lists, long listId) {
        NewsletterList list = lists.get(listId);
        return list == null ? String.valueOf(listId) : list.slug();
    }
}
