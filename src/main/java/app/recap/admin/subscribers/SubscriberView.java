package app.recap.admin.subscribers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import app.recap.subscriber.SubscriberDirectory;

/**
 * A subscriber as the API shows it, with the status of each subscription.
 *
 * @param status ENABLED or BLOCKLISTED (suppressed): the subscriber's own status, separate from each list's
 */
record SubscriberView(long id, String email, String name, String status, Instant createdAt,
        List<Subscription> subscriptions) {

    /** @param status CONFIRMED, UNCONFIRMED or UNSUBSCRIBED */
    record Subscription(String list, String status, List<String> audiences, Instant updatedAt) {
    }

    static SubscriberView of(SubscriberDirectory.Entry e, Map<Long, String> audienceSlugs) {
        return new SubscriberView(e.id(), e.email(), e.name(), e.status().name(), e.createdAt(), e.subscriptions().stream()
                .map(m -> new Subscription(m.listSlug(), m.status().name(), m.audienceIds().stream()
                        .map(id -> audienceSlugs.getOrDefault(id, String.valueOf(id))).toList(), m.updatedAt()))
                .toList());
    }

    /** One page: {@code next} is the {@code after} value of the next page, null on the last one. */
    record Page(List<SubscriberView> content, String next) {
    }
}
