package app.recap.edition;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.ranking.RankedStory;
import app.recap.ranking.RankingProperties;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/** Loads an edition's frozen content. */
@Component
public class EditionSnapshots {

    private final EditionRepository editions;
    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final StoryRepository stories;
    private final RankingProperties rankingProperties;
    private final EditionSteering steering;

    EditionSnapshots(EditionRepository editions, ListRepository lists, AudienceRepository audiences,
            StoryRepository stories, RankingProperties rankingProperties, EditionSteering steering) {
        this.steering = steering;
        this.editions = editions;
        this.lists = lists;
        this.audiences = audiences;
        this.stories = stories;
        this.rankingProperties = rankingProperties;
    }

    /** @throws IllegalArgumentException when there is no such edition */
    public EditionSnapshot load(long editionId) {
        Edition edition = editions.findById(editionId)
                .orElseThrow(() -> new IllegalArgumentException("no edition " + editionId));
        NewsletterList list = lists.findById(edition.listId()).orElseThrow();
        Map<Long, List<RankedStory>> ranking = editions.ranking(editionId);
        Steering choices = steering.of(editionId);
        // the stored lead ranking lists every relevant story for explanation; the section shows the first few, and
        // as many more as an editor dropped or pinned elsewhere, so the section stays full
        List<RankedStory> lead = editions.lead(editionId).stream()
                .limit(rankingProperties.leadSize() + choices.picks().size()).toList();
        List<Long> storyIds = Stream.of(lead.stream().map(RankedStory::storyId),
                ranking.values().stream().flatMap(List::stream).map(RankedStory::storyId),
                choices.picks().stream().map(Steering.Pick::storyId))
                .flatMap(s -> s).distinct().toList();
        Map<Long, Story> byId = stories.findAllById(storyIds).stream()
                .collect(Collectors.toMap(Story::id, Function.identity()));
        Map<Long, Audience> byAudience = audiences.findAll().stream()
                .collect(Collectors.toMap(Audience::id, Function.identity()));
        var layout = new EditionSnapshot.Layout(rankingProperties.leadSize(), rankingProperties.topPerAudience(),
                rankingProperties.minSectionStories());
        return new EditionSnapshot(edition, list, byAudience, lead, ranking, byId, editions.alsoIn(editionId), layout,
                choices);
    }
}
