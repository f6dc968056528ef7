package app.recap.edition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.enrichment.EnrichmentProperties;
import app.recap.enrichment.StoryEmbeddings;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.lock.NodeLocks;
import app.recap.ranking.AudienceReading;
import app.recap.ranking.RankedStory;
import app.recap.ranking.Ranking;
import app.recap.ranking.RankingProperties;
import app.recap.ranking.ReadingHistory;
import app.recap.ranking.StoryCluster;
import app.recap.ranking.StoryRanker;
import app.recap.ranking.StoryVectors;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Collects a week's stories into a list's edition, ranks them (lead section and per audience) and decides whether
 * the edition is worth sending. Both steps leave an edition
 * whose content is frozen (deliveries prepared or sent) untouched, so a restart never changes what was sent.
 */
@Service
public class EditionBuilder {

    private static final Logger log = LoggerFactory.getLogger(EditionBuilder.class);

    /**
     * Prefix of the cluster-wide lock on building a list's edition of a week ({@code build-list-{id}-{week}}): a
     * preview or an editor's "build" holds it while it collects and ranks, and a run holds it from start to end, so
     * a page view never rebuilds an edition between a run's ranking and its decision to send what it ranked.
     */
    static final String BUILD_LOCK_PREFIX = "build-list-";

    /** How long a run waits for a preview's build to finish; builds take well under a second. */
    private static final Duration RUN_PATIENCE = Duration.ofSeconds(30);

    private final EditionRepository editions;
    private final StoryRepository stories;
    private final FeedSourceRepository feeds;
    private final StoryRanker ranker;
    private final RankingProperties rankingProperties;
    private final ListRepository lists;
    private final ReadingHistory reading;
    private final StoryEmbeddings embeddings;
    private final EnrichmentProperties enrichment;
    private final NodeLocks locks;
    private final Clock clock;

    EditionBuilder(EditionRepository editions, StoryRepository stories, FeedSourceRepository feeds,
            StoryRanker ranker, RankingProperties rankingProperties, ListRepository lists,
            ObjectProvider<ReadingHistory> reading, StoryEmbeddings embeddings, EnrichmentProperties enrichment,
            NodeLocks locks, Clock clock) {
        this.locks = locks;
        this.embeddings = embeddings;
        this.enrichment = enrichment;
        this.reading = reading.getIfAvailable(() -> ReadingHistory.NONE);
        this.editions = editions;
        this.lists = lists;
        this.stories = stories;
        this.feeds = feeds;
        this.ranker = ranker;
        this.rankingProperties = rankingProperties;
        this.clock = clock;
    }

    /**
     * Collects and ranks the list's edition for the week again, as a preview or an editor's "build" does, unless a
     * run of the list is going (it builds and sends the edition itself): then empty, and the edition stays as the
     * run made it. A run that starts meanwhile waits until this is done.
     */
    public Optional<Edition> rebuildUnlessRunning(NewsletterList list, IsoWeek week) {
        Optional<SimpleLock> held = locks.tryLock(buildLock(list, week));
        if (held.isEmpty()) {
            return Optional.empty();
        }
        try {
            Edition edition = collect(list, week);
            rank(list, edition);
            return editions.findById(edition.id());
        } finally {
            held.get().unlock();
        }
    }

    /**
     * Keeps previews and editors' builds off the list's edition of the week while a run builds and sends it: waits
     * for a build going on to finish, then holds the edition's build lock until the returned hold is closed.
     *
     * @throws IllegalStateException when a build still holds the lock after 30 seconds
     */
    public RunHold holdForRun(NewsletterList list, IsoWeek week) throws InterruptedException {
        SimpleLock held = locks.awaitLock(buildLock(list, week), RUN_PATIENCE)
                .orElseThrow(() -> new IllegalStateException("the edition " + list.slug() + " " + week
                        + " has been held by a build for " + RUN_PATIENCE.toSeconds() + " s; try the run again"));
        return held::unlock;
    }

    private static String buildLock(NewsletterList list, IsoWeek week) {
        return BUILD_LOCK_PREFIX + list.id() + "-" + week;
    }

    /** A run's hold on building an edition; closing it lets previews build again. */
    public interface RunHold extends AutoCloseable {

        @Override
        void close();
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
        List<StoryCluster> clusters = ranker.collapse(published, vectors(published));
        if (!editions.replaceStories(edition.id(), clusters, now)) {
            // frozen by a send that started meanwhile (the edition page rebuilds while a run prepares)
            log.info("edition {} of list {} week {} was frozen meanwhile: keeping its content", edition.id(),
                    list.slug(), week);
            return editions.findById(edition.id()).orElseThrow();
        }
        log.info("edition {} of list {} week {} collected stories={} afterMerging={}", edition.id(), list.slug(), week,
                published.size(), clusters.size());
        return editions.findById(edition.id()).orElseThrow();
    }

    /**
     * The stories' stored title-and-lede vectors, read only: the ingest job computed them. None when enrichment is
     * off, so the merge is by words alone.
     */
    public StoryVectors vectors(List<Story> stories) {
        if (!enrichment.enabled()) {
            return StoryVectors.NONE;
        }
        return new StoryVectors(embeddings.ledeVectors(stories.stream().map(Story::id).toList()),
                enrichment.duplicateSimilarity());
    }

    /**
     * Ranks the collected stories: the lead section, and for every audience they carry its section. Stores both
     * with every score's parts.
     *
     * @return audience id to its ranked stories (lead-section stories left out)
     */
    public Map<Long, List<RankedStory>> rank(NewsletterList list, Edition edition) {
        if (edition.status().contentFrozen()) {
            return editions.ranking(edition.id());
        }
        Map<Long, EditionRepository.CollectedCluster> collected = editions.clusters(edition.id());
        if (collected.isEmpty() && edition.storyCount() > 0) {
            // collected before clusters were stored (V9_2): collect again, which stores them
            edition = collect(list, edition.week());
            collected = editions.clusters(edition.id());
        }
        // the clusters as collect merged them, so the ranking sees the same coverage the collect step saw
        Map<Long, EditionRepository.CollectedCluster> byLead = collected;
        List<StoryCluster> clusters = stories.findAllById(List.copyOf(byLead.keySet())).stream()
                .map(lead -> byLead.get(lead.id()).of(lead))
                .sorted(Comparator.comparing((StoryCluster c) -> c.lead().publishedAt())
                        .thenComparingLong(c -> c.lead().id()))
                .toList();
        Map<String, Double> authority = new HashMap<>();
        for (FeedSource feed : feeds.findAll()) {
            authority.merge(feed.name(), feed.authority(), Math::max);
        }
        // what readers clicked in recent editions; nothing when tracking is off or learning is turned off
        Map<Long, AudienceReading> recent = rankingProperties.engagementWeight() == 0
                || rankingProperties.engagementWeeks() == 0 ? Map.of()
                        : reading.recent(list.id(), edition.id(), rankingProperties.engagementWeeks());
        Ranking ranking = ranker.rank(clusters, authority, edition.week().end(list.timeZone()),
                lists.offeredAudienceIds(list.id()), recent);
        if (!editions.replaceRanking(edition.id(), ranking, clock.instant())) {
            return editions.ranking(edition.id());
        }
        log.info("edition {} of list {} week {} ranked relevantStories={} lead={} audiences={} audiencesWithReading={}",
                edition.id(), list.slug(), edition.week(), ranking.lead().size(),
                ranking.lead().stream().limit(rankingProperties.leadSize()).map(RankedStory::storyId).toList(),
                ranking.byAudience().size(), recent.size());
        return ranking.byAudience();
    }

    /**
     * Whether a ranked edition is worth sending: it needs at least {@code recap.ranking.min-edition-stories}
     * stories relevant to the list's audiences. The reason is meant for the edition's note.
     */
    public SendDecision sendable(Edition edition) {
        if (edition.storyCount() == 0) {
            return SendDecision.skip("no stories published that week");
        }
        int relevant = editions.leadCount(edition.id());
        int minimum = rankingProperties.minEditionStories();
        if (relevant < minimum) {
            return SendDecision.skip("thin week: " + relevant + " of " + edition.storyCount()
                    + " collected stories are relevant to the list's audiences, fewer than the minimum of " + minimum
                    + " (recap.ranking.min-edition-stories)");
        }
        return SendDecision.send();
    }

    /**
     * What the weekly job's send does with the edition now, from its status: prepare deliveries the first time
     * (when it is {@linkplain #sendable worth sending}), resume later runs, or send nothing.
     *
     * @param deliveriesDue whether any of the edition's deliveries is pending and due now; asked only for a SENT
     *                      edition (deliveries belong to the delivery module, which answers it)
     */
    public SendStep nextSendStep(Edition edition, BooleanSupplier deliveriesDue) {
        return SendStep.next(edition.status(), () -> sendable(edition), deliveriesDue);
    }
}
