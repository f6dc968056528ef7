package app.recap.edition;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.recap.audience.Audience;
import app.recap.ranking.RankedStory;
import app.recap.story.Story;
import app.recap.subscriber.NewsletterList;

/**
 * An edition's frozen content, loaded once and shared by every message of the edition: the list, the ranked
 * stories per audience and the stories themselves.
 */
public final class EditionSnapshot {

    private final Edition edition;
    private final NewsletterList list;
    private final Map<Long, Audience> audiences;
    private final Map<Long, List<RankedStory>> ranking;
    private final Map<Long, Story> stories;
    private final Map<Long, List<String>> alsoIn;
    private final int sectionSize;

    EditionSnapshot(Edition edition, NewsletterList list, Map<Long, Audience> audiences,
            Map<Long, List<RankedStory>> ranking, Map<Long, Story> stories, Map<Long, List<String>> alsoIn,
            int sectionSize) {
        this.edition = edition;
        this.list = list;
        this.audiences = audiences;
        this.ranking = ranking;
        this.stories = stories;
        this.alsoIn = alsoIn;
        this.sectionSize = sectionSize;
    }

    public Edition edition() {
        return edition;
    }

    public NewsletterList list() {
        return list;
    }

    /**
     * The sections for a subscriber's audiences, in their order. Each story appears once, in the first
     * section that ranks it; a section then takes the next-ranked story instead. Audiences without stories
     * this week are left out.
     */
    public List<DigestView.Section> sectionsFor(List<Long> audienceIds) {
        Set<Long> shown = new HashSet<>();
        List<DigestView.Section> sections = new ArrayList<>();
        for (Long audienceId : audienceIds) {
            Audience audience = audiences.get(audienceId);
            if (audience == null) {
                continue;
            }
            List<DigestView.StoryView> picked = new ArrayList<>();
            for (RankedStory ranked : ranking.getOrDefault(audienceId, List.of())) {
                if (picked.size() == sectionSize) {
                    break;
                }
                Story story = stories.get(ranked.storyId());
                if (story != null && shown.add(story.id())) {
                    picked.add(view(story));
                }
            }
            if (!picked.isEmpty()) {
                sections.add(new DigestView.Section(audience.slug(), audience.displayName(), picked));
            }
        }
        return sections;
    }

    private DigestView.StoryView view(Story story) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(list.locale());
        ZoneId zone = list.timeZone();
        return new DigestView.StoryView(story.id(), story.title(), story.url(), story.sourceName(),
                alsoIn.getOrDefault(story.id(), List.of()), story.tldr().whatChanged(), story.tldr().whyItMatters(),
                story.tldr().whatToDoNext(), story.takeaways(),
                story.publishedEstimated() ? null : date.format(story.publishedAt().atZone(zone)));
    }

    /** The audiences the list offers, for subscribers who chose none. */
    public List<Long> defaultAudienceIds(List<Long> offered) {
        return offered.isEmpty() ? List.copyOf(audiences.keySet()) : offered;
    }

    Locale locale() {
        return list.locale();
    }
}
