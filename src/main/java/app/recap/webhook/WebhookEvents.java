package app.recap.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.recap.delivery.EditionSent;
import app.recap.preferences.SignedUp;
import app.recap.preferences.SubscriptionConfirmed;
import app.recap.subscriber.AddressBounced;
import app.recap.subscriber.ComplaintReceived;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Unsubscribed;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the other modules' events into webhook payloads in the outbox. Plain (not transactional) listeners on
 * purpose: they run inside the publisher's transaction, so the outbox rows commit or roll back with what they
 * tell. Payload: {@code {"id", "type", "createdAt", "data"}}, {@code data} holding the subscriber and list, or the
 * edition.
 */
@Component
class WebhookEvents {

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final SubscriberRepository subscribers;
    private final ListRepository lists;
    private final JsonMapper json;
    private final Clock clock;

    WebhookEvents(WebhookEndpoints endpoints, WebhookOutbox outbox, SubscriberRepository subscribers,
            ListRepository lists, JsonMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.subscribers = subscribers;
        this.lists = lists;
        this.json = json;
        this.clock = clock;
    }

    @EventListener
    void on(SignedUp event) {
        Map<String, Object> data = subscriberData(event.subscriberId(), event.listId());
        data.put("confirmationNeeded", event.confirmationNeeded());
        publish(WebhookEvent.SUBSCRIBED, data);
    }

    @EventListener
    void on(SubscriptionConfirmed event) {
        publish(WebhookEvent.CONFIRMED, subscriberData(event.subscriberId(), event.listId()));
    }

    @EventListener
    void on(Unsubscribed event) {
        publish(WebhookEvent.UNSUBSCRIBED, subscriberData(event.subscriberId(), event.listId()));
    }

    @EventListener
    void on(AddressBounced event) {
        Map<String, Object> data = subscriberData(event.subscriberId(), null);
        data.put("suppressed", event.suppressed());
        data.put("reason", event.reason());
        publish(WebhookEvent.BOUNCED, data);
    }

    @EventListener
    void on(ComplaintReceived event) {
        Map<String, Object> data = subscriberData(event.subscriberId(), event.listId());
        data.put("reason", event.reason());
        publish(WebhookEvent.COMPLAINED, data);
    }

    @EventListener
    void on(EditionSent event) {
        Map<String, Object> edition = new LinkedHashMap<>();
        edition.put("id", event.editionId());
        edition.put("week", event.week());
        edition.put("sent", event.sent());
        edition.put("failed", event.failed());
        edition.put("skipped", event.skipped());
        edition.put("sentAt", event.at().toString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("edition", edition);
        data.put("list", list(event.listId()));
        publish(WebhookEvent.EDITION_SENT, data);
    }

    private void publish(WebhookEvent event, Map<String, Object> data) {
        List<WebhookEndpoint> receivers = endpoints.all().stream().filter(e -> e.wants(event)).toList();
        if (receivers.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String id = WebhookOutbox.newEventId();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("type", event.label());
        payload.put("createdAt", now.toString());
        payload.put("data", data);
        outbox.enqueue(receivers, id, event, json.writeValueAsString(payload), now);
    }

    private Map<String, Object> subscriberData(long subscriberId, Long listId) {
        Map<String, Object> subscriber = new LinkedHashMap<>();
        subscriber.put("id", subscriberId);
        subscribers.findById(subscriberId).ifPresent(s -> {
            subscriber.put("email", s.email());
            subscriber.put("name", s.name());
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("subscriber", subscriber);
        if (listId != null) {
            data.put("list", list(listId));
        }
        return data;
    }

    private Map<String, Object> list(long listId) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("id", listId);
        lists.findById(listId).ifPresent(l -> {
            list.put("slug", l.slug());
            list.put("name", l.name());
        });
        return list;
    }
}
