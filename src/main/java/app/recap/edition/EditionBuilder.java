package app.recap.edition;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.ranking.RankedStory;
import app.recap.ranking.RankingProperties;
import app.recap.ranking.StoryCluster;
import app.recap.ranking.StoryRanker;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Collects a week's stories into a list's edition and ranks them per audience. Both steps leave an edition
 * whose content is frozen (deliveries prepared or sent) untouched, so a restart never changes what was sent.
 */
@Service
public class EditionBuilder {

    private static final Logger log = LoggerFactory.getLogger(EditionBuilder.class);
    /** Ranked stories kept per audience beyond the section size, so sections can skip stories shown earlier. */
    private static final int RANKING_DEPTH_FACTOR = 4;

    private final EditionRepository editions;
    private final StoryRepository stories;
    private final FeedSourceRepository feeds;
    private final StoryRanker ranker;
    private final RankingProperties rankingProperties;
    private final Clock clock;

    EditionBuilder(EditionRepository editions, StoryRepository stories, FeedSourceRepository feeds,
            StoryRanker ranker, RankingProperties rankingProperties, Clock clock) {
        this.editions = editions;
        this.stories = stories;
        this.feeds = feeds;
        this.ranker = ranker;
        this.rankingProperties = rankingProperties;
        this.clock = clock;
    }

    /** Collects the stories published in the week (list's time zone), near-duplicates merged. */
    public Edition collect(NewsletterList list, IsoWeek week) {
        Instant now = clock.instant();
        Edition edition = editions.findOrCreate(list.id(), week, now);
        if (edition.status().contentFrozen()) {
            log.info("edition {} of list {} week {} is {}: keeping its content", edition.id(), list.slug(), week,
                    edition.status());
            return edition;
        }
        List<Story> published = stories.findPublishedBetween(week.start(list.timeZone()), week.end(list.timeZone()));
        List<StoryCluster> clusters = ranker.collapse(published);
        editions.replaceStories(edition.id(), clusters, now);
        log.info("edition {} of list {} week {} collected stories={} afterMerging={}", edition.id(), list.slug(), week,
                published.size(), clusters.size());
        return editions.findById(edition.id()).orElseThrow();
    }

    /** Ranks the collected stories for every audience they carry. */
    public Map<Long, List<RankedStory>> rank(NewsletterList list, Edition edition) {
        if (edition.status().contentFrozen()) {
            return editions.ranking(edition.id());
        }
        List<Story> collected = stories.findPublishedBetween(edition.week().start(list.timeZone()),
                edition.week().end(list.timeZone()));
        // re-cluster from the stored stories so the ranking sees the same coverage the collect step saw
        Set<Long> leads = Set.copyOf(editions.storyIds(edition.id()));
        List<StoryCluster> clusters = ranker.collapse(collected).stream()
                .filter(c -> leads.contains(c.lead().id())).toList();
        Map<String, Double> authority = new HashMap<>();
        for (FeedSource feed : feeds.findAll()) {
            authority.merge(feed.name(), feed.authority(), Math::max);
        }
        Map<Long, List<RankedStory>> ranking = ranker.rank(clusters, authority,
                edition.week().end(list.timeZone()), rankingProperties.topPerAudience() * RANKING_DEPTH_FACTOR);
        editions.replaceRanking(edition.id(), ranking, clock.instant());
        return ranking;
    }
}
