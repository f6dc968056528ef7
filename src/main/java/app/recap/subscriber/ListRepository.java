package app.recap.subscriber;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Newsletter lists and the audiences each offers. */
@Repository
public class ListRepository {

    private static final String COLUMNS = """
            id, slug, name, sender_name, sender_email, reply_to, postal_address, send_day, send_time, time_zone,
            locale, double_opt_in, archived, timewarp, tracking, track_opens""";

    private final JdbcClient jdbc;

    ListRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<NewsletterList> findAll() {
        return jdbc.sql("select " + COLUMNS + " from newsletter_list order by id").query(ListRepository::map).list();
    }

    public Optional<NewsletterList> findBySlug(String slug) {
        return jdbc.sql("select " + COLUMNS + " from newsletter_list where slug = ?").param(slug)
                .query(ListRepository::map).optional();
    }

    public Optional<NewsletterList> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from newsletter_list where id = ?").param(id)
                .query(ListRepository::map).optional();
    }

    /** Creates a list with the audiences it offers (ids, in display order). */
    @Transactional
    public NewsletterList create(NewsletterList list, List<Long> audienceIds, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into newsletter_list (slug, name, sender_name, sender_email, reply_to, postal_address,
                    send_day, send_time, time_zone, locale, double_opt_in, archived, timewarp, tracking, track_opens,
                    created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(list.slug(), list.name(), list.senderName(), list.senderEmail(), list.replyTo(),
                        list.postalAddress(), list.sendDay().name(), list.sendTime().toString(),
                        list.timeZone().getId(), list.locale().toLanguageTag(), list.doubleOptIn(), list.archived(),
                        list.timewarp(), list.tracking().name(), list.trackOpens(), now.atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        int order = 0;
        for (Long audienceId : audienceIds) {
            jdbc.sql("insert into list_audience (list_id, audience_id, sort_order) values (?, ?, ?)")
                    .params(id, audienceId, order++).update();
        }
        return findById(id).orElseThrow();
    }

    /** Ids of the audiences a list offers, in display order. */
    public List<Long> offeredAudienceIds(long listId) {
        return jdbc.sql("select audience_id from list_audience where list_id = ? order by sort_order")
                .param(listId).query(Long.class).list();
    }

    /** The length a list's subscribers get unless they choose one. */
    public DigestLength defaultLength(long listId) {
        return jdbc.sql("select default_length from newsletter_list where id = ?").param(listId).query(String.class)
                .optional().map(DigestLength::parse).orElse(DigestLength.STANDARD);
    }

    public void setDefaultLength(long listId, DigestLength length) {
        jdbc.sql("update newsletter_list set default_length = ? where id = ?").params(length.name(), listId).update();
    }

    private static NewsletterList map(ResultSet rs, int row) throws SQLException {
        return new NewsletterList(rs.getLong("id"), rs.getString("slug"), rs.getString("name"),
                rs.getString("sender_name"), rs.getString("sender_email"), rs.getString("reply_to"),
                rs.getString("postal_address"), DayOfWeek.valueOf(rs.getString("send_day")),
                LocalTime.parse(rs.getString("send_time")), ZoneId.of(rs.getString("time_zone")),
                Locale.forLanguageTag(rs.getString("locale")), rs.getBoolean("double_opt_in"),
                rs.getBoolean("archived"), rs.getBoolean("timewarp"), ClickTracking.valueOf(rs.getString("tracking")),
                rs.getBoolean("track_opens"));
    }
}
