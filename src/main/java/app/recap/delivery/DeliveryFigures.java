package app.recap.delivery;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.tracking.EditionSends;

/** The delivery log's figures for edition reports and impression counts. */
@Component
class DeliveryFigures implements EditionSends {

    private final JdbcClient jdbc;

    DeliveryFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public SendFigures figures(long editionId) {
        Map<String, Long> bySegment = new LinkedHashMap<>();
        // deliveries prepared before the audience key was kept have none: they count as "no audiences chosen"
        jdbc.sql("""
                select coalesce(audience_key, ''), count(*) from delivery where edition_id = ? and status = ?
                group by coalesce(audience_key, '') order by 1""")
                .params(editionId, DeliveryStatus.SENT.name())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> bySegment.put(e.getKey(), e.getValue()));
        // a message bounced or complained about later was accepted all the same: it stays in "sent"
        return jdbc.sql("""
                select count(case when status in (?, ?, ?) then 1 end), count(case when status = ? then 1 end),
                    min(sent_at), max(sent_at)
                from delivery where edition_id = ?""")
                .params(DeliveryStatus.SENT.name(), DeliveryStatus.BOUNCED.name(), DeliveryStatus.COMPLAINED.name(),
                        DeliveryStatus.FAILED.name(), editionId)
                .query((rs, n) -> {
                    OffsetDateTime first = rs.getObject(3, OffsetDateTime.class);
                    OffsetDateTime last = rs.getObject(4, OffsetDateTime.class);
                    return new SendFigures(rs.getLong(1), rs.getLong(2), first == null ? null : first.toInstant(),
                            last == null ? null : last.toInstant(), bySegment);
                })
                .single();
    }
}
