package app.recap.tracking;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.subscriber.PersonalData;

/**
 * The clicks and opens recorded with a subscriber's name on them (lists that track per subscriber) in their data
 * export; an erasure takes the name off every one, leaving the anonymous counts the edition reports are made of.
 */
@Component
class TrackingPersonalData implements PersonalData {

    /** One recorded click or open; {@code at} is ISO-8601 in UTC, {@code machine} null for the reader's own. */
    record RecordedEvent(String kind, String list, String week, String storyTitle, String storyUrl, String at,
            String machine) {
    }

    private final JdbcClient jdbc;

    TrackingPersonalData(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String name() {
        return "clicks";
    }

    @Override
    public List<RecordedEvent> export(long subscriberId) {
        return jdbc.sql("""
                select t.kind, l.slug, e.iso_week, s.title, s.url, t.occurred_at, t.machine_reason
                from tracking_event t join edition e on e.id = t.edition_id
                join newsletter_list l on l.id = e.list_id
                left join story s on s.id = t.story_id
                where t.subscriber_id = ? order by t.occurred_at, t.id""")
                .param(subscriberId)
                .query((rs, n) -> new RecordedEvent(rs.getString("kind"), rs.getString("slug"),
                        rs.getString("iso_week"), rs.getString("title"), rs.getString("url"),
                        rs.getObject("occurred_at", OffsetDateTime.class).toInstant().toString(),
                        rs.getString("machine_reason")))
                .list();
    }

    @Override
    public void erase(Erasure erasure) {
        // the time to the second could tie an anonymous row back to one message: keep the hour, as anonymous rows do
        List<Long> ids = jdbc.sql("select id from tracking_event where subscriber_id = ?")
                .param(erasure.subscriberId()).query(Long.class).list();
        for (Long id : ids) {
            OffsetDateTime at = jdbc.sql("select occurred_at from tracking_event where id = ?").param(id)
                    .query(OffsetDateTime.class).single();
            jdbc.sql("update tracking_event set subscriber_id = null, delivery_id = null, occurred_at = ? where id = ?")
                    .params(at.withMinute(0).withSecond(0).withNano(0), id).update();
        }
    }
}
