package app.recap.admin.editions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import app.recap.admin.AdminApi;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.ranking.MergeReason;
import app.recap.ranking.StoryRanker;
import app.recap.ranking.StoryVectors;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;

/**
 * What the collect step merged, so an admin can see why two outlets' versions became one story: every cluster of
 * the week with its lead and, for each other version, the version it matched and by which measure, in words.
 */
@AdminApi("/api/editions")
class EditionClustersApiController {

    private final ListEditions listEditions;
    private final EditionRepository editions;
    private final EditionBuilder builder;
    private final StoryRepository stories;
    private final StoryRanker ranker;

    EditionClustersApiController(ListEditions listEditions, EditionRepository editions, EditionBuilder builder,
            StoryRepository stories, StoryRanker ranker) {
        this.listEditions = listEditions;
        this.editions = editions;
        this.builder = builder;
        this.stories = stories;
        this.ranker = ranker;
    }

    @GetMapping("/{listSlug}/{week}/clusters")
    ClustersView clusters(@PathVariable String listSlug, @PathVariable String week) {
        ListEditions.ListEdition found = listEditions.find(listSlug, week);
        NewsletterList list = found.list();
        Edition edition = found.edition();
        Map<Long, List<Long>> versions = editions.clusterVersions(edition.id());
        List<Long> ids = versions.values().stream().flatMap(List::stream).distinct().toList();
        Map<Long, Story> byId = stories.findAllById(ids).stream()
                .collect(Collectors.toMap(Story::id, Function.identity()));
        StoryVectors vectors = builder.vectors(List.copyOf(byId.values()));
        List<ClusterView> clusters = new ArrayList<>();
        versions.forEach((leadId, versionIds) -> {
            List<Story> members = versionIds.stream().map(byId::get).filter(s -> s != null).toList();
            if (members.isEmpty()) {
                return;
            }
            Story lead = members.get(0);
            List<MemberView> merged = ranker.explainMerge(members, vectors).stream()
                    .map(r -> MemberView.of(byId.get(r.storyId()), r)).toList();
            clusters.add(new ClusterView(new StoryView(lead.id(), lead.title(), lead.sourceName(), lead.url()),
                    members.stream().flatMap(s -> s.sources().stream()).map(Story.StorySource::name).distinct()
                            .toList(),
                    merged));
        });
        return new ClustersView(list.slug(), edition.week().toString(), edition.status().name(), clusters.size(),
                (int) clusters.stream().filter(c -> !c.members().isEmpty()).count(), clusters);
    }

    /**
     * @param clusterCount every collected story; {@code mergedCount} of them merged more than one version
     */
    record ClustersView(String list, String week, String status, int clusterCount, int mergedCount,
            List<ClusterView> clusters) {
    }

    /** @param sources every source that carried any version, the lead's first */
    record ClusterView(StoryView lead, List<String> sources, List<MemberView> members) {
    }

    record StoryView(long storyId, String title, String source, String url) {
    }

    /**
     * @param sameAs     the version it matched best, the lead or one merged before it
     * @param similarity the deciding measure's value: {@code meaning} (cosine of embeddings), {@code title} or
     *                   {@code text} (Jaccard of words)
     */
    record MemberView(long storyId, String title, String source, String url, long sameAs, double similarity,
            String measure, String explanation) {

        static MemberView of(Story story, MergeReason reason) {
            return new MemberView(story.id(), story.title(), story.sourceName(), story.url(), reason.sameAs(),
                    Math.round(reason.similarity() * 1000) / 1000.0, reason.measure(), reason.explanation());
        }
    }
}
