package app.recap.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads an edition's {@link SendProgress} from the delivery log. */
@Component
public class DeliveryProgress {

    private final JdbcClient jdbc;
    private final Clock clock;

    DeliveryProgress(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The edition's progress now; all zeros (and 100%) for an edition with no deliveries. */
    public SendProgress of(long editionId) {
        Instant now = clock.instant();
        var utcNow = now.atOffset(ZoneOffset.UTC);
        return jdbc.sql("""
                select count(*),
                    coalesce(sum(case when status = 'SENT' then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'FAILED' then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'SKIPPED' then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'PENDING' and (send_after is null or send_after <= ?) then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'PENDING' and send_after > ? then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'PENDING' and last_error like 'deferred:%' then 1 else 0 end), 0),
                    coalesce(sum(case when status = 'SENT' and sent_at > ? and sent_at <= ? then 1 else 0 end), 0)
                from delivery where edition_id = ?""")
                .params(utcNow, utcNow, utcNow.minusMinutes(1), utcNow, editionId)
                .query((rs, n) -> progress(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .single();
    }

    static SendProgress progress(long total, long sent, long failed, long skipped, long due, long scheduled,
            long deferred, long sentLastMinute) {
        long done = sent + failed + skipped;
        double perSecond = sentLastMinute / 60.0;
        Long secondsLeft = due == 0 ? Long.valueOf(0) : sentLastMinute == 0 ? null
                : (long) Math.ceil(due / perSecond);
        int percent = total == 0 ? 100 : (int) Math.floor(100.0 * done / total);
        return new SendProgress(total, sent, failed, skipped, done, due, scheduled, deferred, sentLastMinute,
                Math.round(perSecond * 100) / 100.0, secondsLeft, percent);
    }
}
