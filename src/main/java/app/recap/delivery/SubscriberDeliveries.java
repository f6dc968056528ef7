package app.recap.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One subscriber's deliveries, newest edition first, for the admin's subscriber page. */
@Component
public class SubscriberDeliveries {

    /**
     * @param sentAt    when the relay took it; null when it was not sent
     * @param lastError the relay's or the bounce's words, null when none
     */
    public record SubscriberDelivery(long deliveryId, long editionId, String listSlug, String week,
            DeliveryStatus status, Instant sentAt, String lastError) {
    }

    private final JdbcClient jdbc;

    SubscriberDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SubscriberDelivery> recent(long subscriberId, int limit) {
        return jdbc.sql("""
                select d.id, d.edition_id, l.slug, e.iso_week, d.status, d.sent_at, d.last_error
                from delivery d join edition e on e.id = d.edition_id join newsletter_list l on l.id = e.list_id
                where d.subscriber_id = ? order by e.iso_week desc, d.id desc fetch first ? rows only""")
                .params(subscriberId, limit)
                .query((rs, n) -> {
                    OffsetDateTime sent = rs.getObject(6, OffsetDateTime.class);
                    return new SubscriberDelivery(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            DeliveryStatus.valueOf(rs.getString(5)), sent == null ? null : sent.toInstant(),
                            rs.getString(7));
                })
                .list();
    }
}
