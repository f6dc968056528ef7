package app.recap.webhook;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.subscriber.PersonalData;
import app.recap.subscriber.SubscriberRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook outbox's part of a subscriber's export and erasure: event payloads name the subscriber by address and
 * name ({@code data.subscriber}). An erasure scrubs every payload that names the address instead of deleting the
 * row, so the endpoint's delivery log stays whole and an event still pending goes out without the address (the
 * signature is made at sending time, over the payload as it then is).
 */
@Component
class WebhookPersonalData implements PersonalData {

    /** One event told about the subscriber; the times are ISO-8601 in UTC, {@code deliveredAt} null until then. */
    record ToldEvent(String eventId, String type, String status, String createdAt, String deliveredAt) {
    }

    private final JdbcClient jdbc;
    private final SubscriberRepository subscribers;
    private final JsonMapper json;

    WebhookPersonalData(JdbcClient jdbc, SubscriberRepository subscribers, JsonMapper json) {
        this.jdbc = jdbc;
        this.subscribers = subscribers;
        this.json = json;
    }

    @Override
    public String name() {
        return "webhookEvents";
    }

    @Override
    public List<ToldEvent> export(long subscriberId) {
        return subscribers.findById(subscriberId).map(s -> jdbc.sql("""
                select event_id, event_type, status, created_at, delivered_at from webhook_delivery
                where lower(payload) like ? escape '\\' order by id""")
                .param(like(s.email()))
                .query((rs, n) -> new ToldEvent(rs.getString(1), rs.getString(2), rs.getString(3),
                        iso(rs.getObject(4, OffsetDateTime.class)), iso(rs.getObject(5, OffsetDateTime.class))))
                .list()).orElse(List.of());
    }

    /**
     * Every row whose payload or last error holds the address, whichever subscriber id it names: the subscriber's
     * e-mail and name become null (with {@code "erased": true}), and any other text quoting the address (a bounce
     * reason) is nulled too. The receiver's error text, which may echo the payload, goes when it quotes the address.
     */
    @Override
    public void erase(Erasure erasure) {
        String address = erasure.email().toLowerCase(Locale.ROOT);
        List<Map.Entry<Long, String>> rows = jdbc.sql("""
                select id, payload from webhook_delivery where lower(payload) like ? escape '\\'""")
                .param(like(address))
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list();
        for (Map.Entry<Long, String> row : rows) {
            jdbc.sql("update webhook_delivery set payload = ? where id = ?")
                    .params(scrubbed(row.getValue(), address), row.getKey()).update();
        }
        jdbc.sql("update webhook_delivery set last_error = null where lower(last_error) like ? escape '\\'")
                .param(like(address)).update();
    }

    private String scrubbed(String payload, String address) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (RuntimeException unreadable) {
            // not JSON after all: nothing of it can be kept safely
            return "{}";
        }
        if (root.path("data").path("subscriber") instanceof ObjectNode subscriber) {
            subscriber.putNull("email");
            subscriber.putNull("name");
            subscriber.put("erased", true);
        }
        nullWhereQuoted(root, address);
        return json.writeValueAsString(root);
    }

    private static void nullWhereQuoted(JsonNode node, String address) {
        if (node instanceof ObjectNode object) {
            List<String> quoting = new ArrayList<>();
            for (Map.Entry<String, JsonNode> property : object.properties()) {
                if (quotes(property.getValue(), address)) {
                    quoting.add(property.getKey());
                } else {
                    nullWhereQuoted(property.getValue(), address);
                }
            }
            quoting.forEach(object::putNull);
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (quotes(array.get(i), address)) {
                    array.setNull(i);
                } else {
                    nullWhereQuoted(array.get(i), address);
                }
            }
        }
    }

    private static boolean quotes(JsonNode node, String address) {
        return node.isString() && node.asString().toLowerCase(Locale.ROOT).contains(address);
    }

    private static String like(String address) {
        return "%" + address.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
                + "%";
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
