package app.recap.preferences;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.PersonalData;
import app.recap.subscriber.SubscriberErasure;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Subscriptions;

/**
 * A subscriber's personal data as a whole: the JSON export ("download my data"), erasure ("erase me"), and the
 * purge of sign-ups never confirmed, whose addresses we have no consent to keep.
 */
@Service
class SubscriberData {

    private static final Logger log = LoggerFactory.getLogger(SubscriberData.class);

    /** The export's view of one subscription. Times are ISO-8601 in UTC, null when not set. */
    record ExportedSubscription(String list, String listName, String status, List<String> audiences,
            String subscribedAt, String confirmationRequestedAt, String confirmedAt, String pausedUntil,
            String updatedAt) {
    }

    /** The export's view of the subscriber. */
    record ExportedSubscriber(String email, String name, String status, String timeZone, String createdAt) {
    }

    private final Subscriptions subscriptions;
    private final SubscriberRepository subscribers;
    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final List<PersonalData> modules;
    private final SubscriberErasure erasure;
    private final PreferencesProperties properties;
    private final Clock clock;

    SubscriberData(Subscriptions subscriptions, SubscriberRepository subscribers, ListRepository lists,
            AudienceRepository audiences, List<PersonalData> modules, SubscriberErasure erasure,
            PreferencesProperties properties, Clock clock) {
        this.subscriptions = subscriptions;
        this.subscribers = subscribers;
        this.lists = lists;
        this.audiences = audiences;
        this.modules = modules;
        this.erasure = erasure;
        this.properties = properties;
        this.clock = clock;
    }

    /** Everything stored about a subscriber, ready to be written as JSON. */
    @Transactional(readOnly = true)
    Map<String, Object> export(long subscriberId) {
        Subscriptions.SubscriberRecord subscriber = subscriptions.subscriber(subscriberId).orElseThrow();
        Map<Long, NewsletterList> listsById = lists.findAll().stream()
                .collect(Collectors.toMap(NewsletterList::id, Function.identity()));
        Map<Long, String> audienceNames = audiences.findAll().stream()
                .collect(Collectors.toMap(Audience::id, Audience::displayName));
        List<ExportedSubscription> exported = new ArrayList<>();
        for (Subscriptions.Subscription s : subscriptions.findBySubscriber(subscriberId)) {
            NewsletterList list = listsById.get(s.listId());
            exported.add(new ExportedSubscription(list.slug(), list.name(), s.status().name(),
                    subscribers.audienceIds(subscriberId, s.listId()).stream().map(audienceNames::get).toList(),
                    iso(s.createdAt()), iso(s.confirmationRequestedAt()), iso(s.confirmedAt()), iso(s.pausedUntil()),
                    iso(s.updatedAt())));
        }
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("exportedAt", iso(clock.instant()));
        export.put("subscriber", new ExportedSubscriber(subscriber.email(), subscriber.name(), subscriber.status().name(),
                subscriber.timeZone(), iso(subscriber.createdAt())));
        export.put("subscriptions", exported);
        for (PersonalData module : modules) {
            export.put(module.name(), module.export(subscriberId));
        }
        return export;
    }

    /**
     * Erases a subscriber from every list and module, leaving nothing ({@link SubscriberErasure}): a suppressed
     * address keeps only its row with the address and its status, so it is never mailed again; anyone else is
     * deleted outright.
     */
    void erase(long subscriberId) {
        erasure.erase(subscriberId, SubscriberErasure.Remains.NOTHING);
    }

    /**
     * Deletes sign-ups whose confirmation link has expired by {@code now}, and erases subscribers left with no
     * subscription at all.
     *
     * @return subscribers whose sign-up was purged
     */
    @Transactional
    int purgeUnconfirmed(Instant now) {
        List<Long> affected = subscriptions.purgeUnconfirmed(now.minus(properties.confirmationExpiry()));
        int erased = 0;
        for (Long id : affected) {
            if (!subscriptions.hasSubscriptions(id)) {
                erase(id);
                erased++;
            }
        }
        if (!affected.isEmpty()) {
            log.info("purged unconfirmed sign-ups subscribers={} erased={}", affected.size(), erased);
        }
        return affected.size();
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
