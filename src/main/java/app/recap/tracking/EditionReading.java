package app.recap.tracking;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import app.recap.edition.DigestView;
import app.recap.edition.EditionSnapshot;
import app.recap.subscriber.ListRepository;

/**
 * What readers of one sent edition were shown and what they clicked, per section: impressions are the messages
 * sent to each segment times the stories its sections showed (the edition's own layout, recomputed from the frozen
 * snapshot); clicks are reader clicks only, machine clicks left out.
 */
@Component
class EditionReading {

    /** The lead section's key: it belongs to no audience. */
    static final long LEAD = 0;

    /** One story in one section. */
    record Cell(long sectionAudienceId, long storyId) {
    }

    /**
     * @param sections    section key (audience id, {@link #LEAD} for the lead section) to the messages that showed it
     * @param impressions per section and story, the messages that showed it there
     * @param clicks      per section and story, reader clicks
     */
    record Read(Map<Long, Long> sections, Map<Cell, Long> impressions, Map<Cell, Long> clicks) {
    }

    private final EditionSends sends;
    private final ListRepository lists;
    private final JdbcClient jdbc;

    EditionReading(EditionSends sends, ListRepository lists, JdbcClient jdbc) {
        this.sends = sends;
        this.lists = lists;
        this.jdbc = jdbc;
    }

    Read of(EditionSnapshot snapshot) {
        long editionId = snapshot.edition().id();
        List<Long> offered = lists.offeredAudienceIds(snapshot.list().id());
        Map<Long, Long> sections = new LinkedHashMap<>();
        Map<Cell, Long> impressions = new HashMap<>();
        sends.figures(editionId).sentBySegment().forEach((key, sent) -> {
            List<Long> audiences = key == null || key.isBlank() ? snapshot.defaultAudienceIds(offered)
                    : Arrays.stream(key.split(",")).map(String::strip).map(Long::valueOf).toList();
            for (DigestView.Section section : snapshot.sectionsFor(audiences)) {
                long sectionKey = section.audienceId() == null ? LEAD : section.audienceId();
                sections.merge(sectionKey, sent, Long::sum);
                for (DigestView.StoryView story : section.stories()) {
                    impressions.merge(new Cell(sectionKey, story.id()), sent, Long::sum);
                }
            }
        });
        Map<Cell, Long> clicks = new HashMap<>();
        jdbc.sql("""
                select coalesce(section_audience_id, 0), story_id, count(*) from tracking_event
                where edition_id = ? and kind = 'CLICK' and machine_reason is null
                group by coalesce(section_audience_id, 0), story_id""")
                .param(editionId)
                .query((rs, n) -> Map.entry(new Cell(rs.getLong(1), rs.getLong(2)), rs.getLong(3)))
                .list().forEach(e -> clicks.put(e.getKey(), e.getValue()));
        return new Read(sections, impressions, clicks);
    }
}
