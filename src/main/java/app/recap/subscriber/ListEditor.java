package app.recap.subscriber;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Edits and archives newsletter lists (creation is {@link ListRepository#create}). */
@Repository
public class ListEditor {

    private final JdbcClient jdbc;
    private final ListRepository lists;

    ListEditor(JdbcClient jdbc, ListRepository lists) {
        this.jdbc = jdbc;
        this.lists = lists;
    }

    /**
     * Replaces a list's settings (all but its id, slug and archived flag) and the audiences it offers.
     *
     * @param audienceIds in display order
     * @return the list as stored, or null when there is no list with {@code changed.id()}
     */
    @Transactional
    public NewsletterList update(NewsletterList changed, List<Long> audienceIds) {
        int updated = jdbc.sql("""
                update newsletter_list set name = ?, sender_name = ?, sender_email = ?, reply_to = ?,
                    postal_address = ?, send_day = ?, send_time = ?, time_zone = ?, locale = ?, double_opt_in = ?,
                    tracking = ?, track_opens = ?
                where id = ?""")
                .params(changed.name(), changed.senderName(), changed.senderEmail(), changed.replyTo(),
                        changed.postalAddress(), changed.sendDay().name(), changed.sendTime().toString(),
                        changed.timeZone().getId(), changed.locale().toLanguageTag(), changed.doubleOptIn(),
                        changed.tracking().name(), changed.trackOpens(), changed.id())
                .update();
        if (updated == 0) {
            return null;
        }
        jdbc.sql("delete from list_audience where list_id = ?").param(changed.id()).update();
        int order = 0;
        for (Long audienceId : audienceIds.stream().distinct().toList()) {
            jdbc.sql("insert into list_audience (list_id, audience_id, sort_order) values (?, ?, ?)")
                    .params(changed.id(), audienceId, order++).update();
        }
        return lists.findById(changed.id()).orElseThrow();
    }

    /** Archives (or restores) a list: an archived list keeps its subscribers and history but is not sent. */
    public boolean setArchived(long listId, boolean archived) {
        return jdbc.sql("update newsletter_list set archived = ? where id = ?").params(archived, listId).update() > 0;
    }

    /** Subscriptions per status on a list. */
    public Map<SubscriptionStatus, Long> countsByStatus(long listId) {
        var counts = new EnumMap<SubscriptionStatus, Long>(SubscriptionStatus.class);
        for (SubscriptionStatus s : SubscriptionStatus.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select status, count(*) from subscription where list_id = ? group by status").param(listId)
                .query((rs, n) -> Map.entry(SubscriptionStatus.valueOf(rs.getString(1)), rs.getLong(2)))
                .list().forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }
}
