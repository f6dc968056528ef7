package app.recap.delivery;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.subscriber.PersonalData;

/**
 * The delivery log's part of a subscriber's data export and erasure: which editions went to them, and when. An
 * erasure deletes the subscriber's deliveries, unless an anonymous placeholder subscriber remains: then the rows
 * stay for the editions' counts, without the relay's error texts (which can quote the address).
 */
@Component
class DeliveryPersonalData implements PersonalData {

    /** One logged delivery; {@code sentAt} is ISO-8601 in UTC, null when it was not sent. */
    record LoggedDelivery(String list, String week, String status, String sentAt) {
    }

    private final JdbcClient jdbc;

    DeliveryPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "deliveries";
    }

    @Override
    public List<LoggedDelivery> export(long subscriberId) {
        return jdbc.sql("""
                select l.slug, e.iso_week, d.status, d.sent_at
                from delivery d join edition e on e.id = d.edition_id join newsletter_list l on l.id = e.list_id
                where d.subscriber_id = ? order by e.iso_week, l.slug""")
                .param(subscriberId)
                .query((rs, n) -> {
                    OffsetDateTime sent = rs.getObject("sent_at", OffsetDateTime.class);
                    return new LoggedDelivery(rs.getString("slug"), rs.getString("iso_week"), rs.getString("status"),
                            sent == null ? null : sent.toInstant().toString());
                })
                .list();
    }

    @Override
    public void erase(Erasure erasure) {
        if (erasure.placeholderRemains()) {
            jdbc.sql("update delivery set last_error = null where subscriber_id = ?").param(erasure.subscriberId())
                    .update();
        } else {
            jdbc.sql("delete from delivery where subscriber_id = ?").param(erasure.subscriberId()).update();
        }
    }
}
