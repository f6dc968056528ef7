package app.recap.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.EditionStatus;
import app.recap.ranking.AudienceReading;
import app.recap.ranking.ReadingHistory;
import app.recap.story.Story;
import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.ListRepository;

/**
 * The ranking's reading history from the click log: per audience, every story its section showed in the list's
 * last sent editions, with impressions and reader clicks. The lead section is left out (it is no one audience's).
 * Nothing for a list that does not track.
 */
@Component
class ClickHistory implements ReadingHistory {

    private final ListRepository lists;
    private final EditionRepository editions;
    private final EditionSnapshots snapshots;
    private final EditionReading reading;

    ClickHistory(ListRepository lists, EditionRepository editions, EditionSnapshots snapshots, EditionReading reading) {
        this.lists = lists;
        this.editions = editions;
        this.snapshots = snapshots;
        this.reading = reading;
    }

    @Override
    public Map<Long, AudienceReading> recent(long listId, long editionId, int count) {
        if (lists.findById(listId).map(l -> l.tracking() == ClickTracking.OFF).orElse(true)) {
            return Map.of();
        }
        Edition current = editions.findById(editionId).orElse(null);
        if (current == null) {
            return Map.of();
        }
        int week = weekNumber(current);
        List<Edition> earlier = editions.findByList(listId).stream()
                .filter(e -> e.status() == EditionStatus.SENT && weekNumber(e) < week)
                .sorted(Comparator.comparingInt(ClickHistory::weekNumber).reversed())
                .limit(count).toList();
        Map<Long, List<AudienceReading.Shown>> shown = new LinkedHashMap<>();
        for (Edition edition : earlier) {
            EditionSnapshot snapshot = snapshots.load(edition.id());
            EditionReading.Read read = reading.of(snapshot);
            read.impressions().forEach((cell, impressions) -> {
                if (cell.sectionAudienceId() == EditionReading.LEAD) {
                    return;
                }
                Story story = snapshot.story(cell.storyId());
                if (story != null) {
                    shown.computeIfAbsent(cell.sectionAudienceId(), k -> new ArrayList<>())
                            .add(new AudienceReading.Shown(story.sourceName(), story.title(), impressions,
                                    read.clicks().getOrDefault(cell, 0L)));
                }
            });
        }
        Map<Long, AudienceReading> result = new LinkedHashMap<>();
        shown.forEach((audienceId, list) -> result.put(audienceId, new AudienceReading(audienceId, list)));
        return result;
    }

    private static int weekNumber(Edition edition) {
        return edition.week().year() * 100 + edition.week().week();
    }
}
