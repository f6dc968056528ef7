package app.recap.admin.editions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import app.recap.admin.AdminApi;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.SendDecision;
import app.recap.ranking.RankedStory;
import app.recap.ranking.RankingProperties;
import app.recap.ranking.ScoreParts;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Why an edition's stories rank where they do, until the admin UI shows it: per section (the lead, then each
 * audience) every ranked story with its score's parts, what diversity re-ranking did, and whether the edition
 * is sent at all.
 */
@AdminApi("/api/editions")
class EditionRankingApiController {

    private final ListEditions listEditions;
    private final EditionRepository editions;
    private final EditionBuilder builder;
    private final StoryRepository stories;
    private final AudienceRepository audiences;
    private final RankingProperties ranking;
    private final MessageSource messages;

    EditionRankingApiController(ListEditions listEditions, EditionRepository editions, EditionBuilder builder,
            StoryRepository stories, AudienceRepository audiences, RankingProperties ranking, MessageSource messages) {
        this.listEditions = listEditions;
        this.editions = editions;
        this.builder = builder;
        this.stories = stories;
        this.audiences = audiences;
        this.ranking = ranking;
        this.messages = messages;
    }

    @GetMapping("/{listSlug}/{week}/ranking")
    EditionRankingView ranking(@PathVariable String listSlug, @PathVariable String week) {
        ListEditions.ListEdition found = listEditions.find(listSlug, week);
        NewsletterList list = found.list();
        Edition edition = found.edition();

        List<RankedStory> lead = editions.lead(edition.id());
        Map<Long, List<RankedStory>> byAudience = editions.ranking(edition.id());
        List<Long> ids = Stream.concat(lead.stream(), byAudience.values().stream().flatMap(List::stream))
                .map(RankedStory::storyId).distinct().toList();
        Map<Long, Story> byId = stories.findAllById(ids).stream()
                .collect(Collectors.toMap(Story::id, Function.identity()));
        Map<Long, List<String>> alsoIn = editions.alsoIn(edition.id());
        Map<Long, Audience> audienceById = audiences.findAll().stream()
                .collect(Collectors.toMap(Audience::id, Function.identity()));

        List<SectionView> sections = new ArrayList<>();
        sections.add(new SectionView(EditionSnapshot.LEAD_SLUG,
                messages.getMessage("digest.lead.heading", null, list.locale()), ranking.leadSize(),
                views(lead, byId, alsoIn)));
        byAudience.forEach((audienceId, ranked) -> {
            Audience audience = audienceById.get(audienceId);
            sections.add(new SectionView(audience == null ? String.valueOf(audienceId) : audience.slug(),
                    audience == null ? null : audience.displayName(), ranking.topPerAudience(),
                    views(ranked, byId, alsoIn)));
        });
        SendDecision decision = builder.sendable(edition);
        return new EditionRankingView(list.slug(), edition.week().toString(), edition.status().name(), edition.note(),
                edition.storyCount(), decision.sendable(), decision.reason(), Settings.of(ranking), sections);
    }

    private List<RankedView> views(List<RankedStory> ranked, Map<Long, Story> byId, Map<Long, List<String>> alsoIn) {
        List<RankedView> views = new ArrayList<>();
        int position = 1;
        for (RankedStory r : ranked) {
            Story story = byId.get(r.storyId());
            views.add(new RankedView(position++, r.storyId(), story == null ? null : story.title(),
                    story == null ? null : story.sourceName(), alsoIn.getOrDefault(r.storyId(), List.of()), r.score(),
                    r.parts(), r.parts().base(ranking), r.redundancy(), r.similarStoryId(), r.marginalScore(),
                    r.explanation()));
        }
        return views;
    }

    /**
     * @param sendable       whether the edition is (or was) worth sending; {@code notSentBecause} says why not
     * @param sections       the lead section first ({@code key} "top-stories"), then each audience
     */
    record EditionRankingView(String list, String week, String status, String note, int storiesCollected,
            boolean sendable, String notSentBecause, Settings settings, List<SectionView> sections) {
    }

    /** @param shows how many of the ranked stories the section shows at most */
    record SectionView(String key, String name, int shows, List<RankedView> stories) {
    }

    /**
     * @param parts         relevance, importance, freshness, coverage and authority, each 0..1, and engagement, the
     *                      lift in [-1, 1] readers' recent clicks give the story in this section (0 without clicks)
     * @param base          the weighted mean of the four quality parts;
     *                      {@code score = relevance × base × (1 + engagement-weight × engagement)}
     * @param redundancy    similarity to {@code similarTo}, the most similar story above it
     * @param marginalScore the diversity-adjusted value that placed it
     */
    record RankedView(int position, long storyId, String title, String source, List<String> alsoIn, double score,
            ScoreParts parts, double base, double redundancy, Long similarTo, double marginalScore,
            String explanation) {
    }

    record Settings(int leadSize, int topPerAudience, int minSectionStories, int minEditionStories,
            Map<String, Double> weights, double diversity, double duplicateTitleSimilarity,
            double duplicateTextSimilarity) {

        static Settings of(RankingProperties p) {
            Map<String, Double> weights = new LinkedHashMap<>();
            weights.put("importance", p.importanceWeight());
            weights.put("freshness", p.freshnessWeight());
            weights.put("coverage", p.coverageWeight());
            weights.put("authority", p.authorityWeight());
            // not a share of the mean like the four above: the score is multiplied by 1 + engagement-weight × lift
            weights.put("engagement", p.engagementWeight());
            return new Settings(p.leadSize(), p.topPerAudience(), p.minSectionStories(), p.minEditionStories(), weights,
                    p.diversity(), p.duplicateTitleSimilarity(), p.duplicateTextSimilarity());
        }
    }
}
