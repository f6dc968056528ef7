package app.recap.tracking;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which stories one subscriber followed, newest first: recorded with their identity only on lists that track per
 * subscriber ({@code tracking: subscriber}), and gone when they are erased. For the admin's subscriber page.
 */
@Component
public class SubscriberClicks {

    /**
     * @param storyTitle null when the story is gone
     * @param machine    why the click was counted as a machine's (a link scanner, a HEAD), null for the reader's own
     */
    public record SubscriberClick(long editionId, String listSlug, String week, Long storyId, String storyTitle,
            String storyUrl, Instant at, String machine) {
    }

    private final JdbcClient jdbc;

    SubscriberClicks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<SubscriberClick> recent(long subscriberId, int limit) {
        return jdbc.sql("""
                select t.edition_id, l.slug, e.iso_week, t.story_id, s.title, s.url, t.occurred_at, t.machine_reason
                from tracking_event t join edition e on e.id = t.edition_id
                join newsletter_list l on l.id = e.list_id left join story s on s.id = t.story_id
                where t.subscriber_id = ? and t.kind = 'CLICK' order by t.occurred_at desc, t.id desc
                fetch first ? rows only""")
                .params(subscriberId, limit)
                .query((rs, n) -> new SubscriberClick(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Long.class), rs.getString(5), rs.getString(6),
                        rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8)))
                .list();
    }
}
