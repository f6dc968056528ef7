package app.recap.tracking;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code tracking_event} table: recorded clicks and opens, the reader's ones and the machines'. */
@Repository
class TrackingEvents {

    private final JdbcClient jdbc;

    TrackingEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records one click or open.
     *
     * @param withReader whether to keep the token's delivery and subscriber (the list tracks per subscriber)
     * @param machine    why it is a machine's, or null for a reader's
     * @return the event's id
     */
    long record(ClickToken token, boolean withReader, MachineReason machine, Instant at) {
        boolean named = withReader && token.reader() != null;
        // an anonymous event keeps its time only to the hour, so it cannot be matched to one message's send time
        Instant kept = named ? at.truncatedTo(ChronoUnit.SECONDS) : at.truncatedTo(ChronoUnit.HOURS);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into tracking_event (kind, edition_id, segment_key, section_audience_id, story_id, delivery_id,
                    subscriber_id, machine_reason, occurred_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(token.kind().name(), token.editionId(), token.segmentKey(),
                        token.sectionAudienceId() == 0 ? null : token.sectionAudienceId(),
                        token.storyId() == 0 ? null : token.storyId(),
                        named ? token.reader().deliveryId() : null, named ? token.reader().subscriberId() : null,
                        machine == null ? null : machine.name(), kept.atOffset(ZoneOffset.UTC))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Re-labels reader events as a machine's (a burst found after its first clicks were recorded). */
    void markMachine(List<Long> ids, MachineReason reason) {
        for (Long id : ids) {
            jdbc.sql("update tracking_event set machine_reason = ? where id = ? and machine_reason is null")
                    .params(reason.name(), id).update();
        }
    }

    String machineReason(long id) {
        return jdbc.sql("select machine_reason from tracking_event where id = ?").param(id).query(String.class)
                .optional().orElse(null);
    }
}
