package app.recap.edition;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import app.recap.audience.Audience;
import app.recap.ranking.RankedStory;
import app.recap.story.Story;
import app.recap.subscriber.NewsletterList;

/**
 * An edition's frozen content, loaded once and shared by every message of the edition: the list, the lead
 * section, the ranked stories per audience and the stories themselves.
 */
public final class EditionSnapshot {

    /** The slug of the lead section, which belongs to no audience. */
    public static final String LEAD_SLUG = "top-stories";

    private final Edition edition;
    private final NewsletterList list;
    private final Map<Long, Audience> audiences;
    private final List<RankedStory> lead;
    private final Map<Long, List<RankedStory>> ranking;
    private final Map<Long, Story> stories;
    private final Map<Long, List<String>> alsoIn;
    private final Layout layout;
    private final Steering steering;

    /**
     * How sections are filled.
     *
     * @param leadSize          stories in the lead section
     * @param sectionSize       stories per audience section
     * @param minSectionStories an audience section with fewer folds into the lead section
     */
    record Layout(int leadSize, int sectionSize, int minSectionStories) {
    }

    EditionSnapshot(Edition edition, NewsletterList list, Map<Long, Audience> audiences, List<RankedStory> lead,
            Map<Long, List<RankedStory>> ranking, Map<Long, Story> stories, Map<Long, List<String>> alsoIn,
            Layout layout) {
        this(edition, list, audiences, lead, ranking, stories, alsoIn, layout, Steering.NONE);
    }

    /**
     * @param lead     the lead ranking, at least as many as the lead section shows plus the stories dropped from
     *                 it, so drops are made up for
     * @param steering the editor's pins and drops, applied here, and note and subject, applied by the renderer
     */
    EditionSnapshot(Edition edition, NewsletterList list, Map<Long, Audience> audiences, List<RankedStory> lead,
            Map<Long, List<RankedStory>> ranking, Map<Long, Story> stories, Map<Long, List<String>> alsoIn,
            Layout layout, Steering steering) {
        this.steering = steering;
        this.edition = edition;
        this.list = list;
        this.audiences = audiences;
        this.lead = lead;
        this.ranking = ranking;
        this.stories = stories;
        this.alsoIn = alsoIn;
        this.layout = layout;
    }

    /** The editor's choices for this edition ({@link Steering#NONE} when there are none). */
    public Steering steering() {
        return steering;
    }

    public Edition edition() {
        return edition;
    }

    public NewsletterList list() {
        return list;
    }

    /**
     * The sections for a subscriber's audiences: first the lead section (the same for everyone; its heading is
     * left null for the renderer to word), then their audiences in their order. Each story appears once, in the
     * section where it ranks highest (earliest position; on a tie, the earlier section); a section then takes its
     * next-ranked story instead. An audience section left with fewer than {@code min-section-stories} stories folds
     * into the lead section; audiences without stories this week are left out.
     */
    public List<DigestView.Section> sectionsFor(List<Long> audienceIds) {
        // a dropped story is never shown; a story pinned to a section is shown there and nowhere else
        Set<Long> shown = new HashSet<>();
        steering.picks().stream().filter(p -> p.action() == Steering.Action.DROP).forEach(p -> shown.add(p.storyId()));
        Map<Long, List<Long>> sectionPins = steering.pinnedToSections();
        Set<Long> chosenIds = new HashSet<>(audienceIds);
        sectionPins.forEach((audienceId, pinned) -> {
            if (chosenIds.contains(audienceId)) {
                shown.addAll(pinned);
            }
        });
        List<DigestView.StoryView> leadStories = new ArrayList<>();
        for (Long pinned : steering.pinnedToLead()) {
            Story story = stories.get(pinned);
            if (story != null && shown.add(story.id())) {
                leadStories.add(view(story));
            }
        }
        for (RankedStory ranked : lead) {
            if (leadStories.size() == layout.leadSize()) {
                break;
            }
            Story story = stories.get(ranked.storyId());
            if (story != null && shown.add(story.id())) {
                leadStories.add(view(story));
            }
        }
        List<Audience> chosen = new ArrayList<>();
        for (Long audienceId : new LinkedHashSet<>(audienceIds)) {
            if (audiences.containsKey(audienceId)) {
                chosen.add(audiences.get(audienceId));
            }
        }
        List<List<DigestView.StoryView>> picked = new ArrayList<>();
        int depth = 0;
        for (Audience audience : chosen) {
            List<DigestView.StoryView> section = new ArrayList<>();
            for (Long pinned : sectionPins.getOrDefault(audience.id(), List.of())) {
                Story story = stories.get(pinned);
                if (story != null && section.size() < layout.sectionSize()) {
                    section.add(view(story));
                }
            }
            picked.add(section);
            depth = Math.max(depth, ranking.getOrDefault(audience.id(), List.of()).size());
        }
        // position by position across sections, so a story lands where it ranks highest
        for (int position = 0; position < depth; position++) {
            for (int s = 0; s < chosen.size(); s++) {
                List<RankedStory> ranked = ranking.getOrDefault(chosen.get(s).id(), List.of());
                if (position >= ranked.size() || picked.get(s).size() == layout.sectionSize()) {
                    continue;
                }
                Story story = stories.get(ranked.get(position).storyId());
                if (story != null && shown.add(story.id())) {
                    picked.get(s).add(view(story));
                }
            }
        }
        List<DigestView.Section> sections = new ArrayList<>();
        for (int s = 0; s < chosen.size(); s++) {
            List<DigestView.StoryView> section = picked.get(s);
            if (section.size() < layout.minSectionStories()) {
                leadStories.addAll(section);
            } else {
                sections.add(new DigestView.Section(chosen.get(s).slug(), chosen.get(s).id(), chosen.get(s).displayName(),
                        List.copyOf(section), false));
            }
        }
        if (!leadStories.isEmpty()) {
            sections.add(0, new DigestView.Section(LEAD_SLUG, null, null, List.copyOf(leadStories), true));
        }
        return sections;
    }

    private DigestView.StoryView view(Story story) {
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(list.locale());
        ZoneId zone = list.timeZone();
        return new DigestView.StoryView(story.id(), story.title(), story.url(), story.url(), story.sourceName(),
                alsoIn.getOrDefault(story.id(), List.of()), story.tldr().whatChanged(), story.tldr().whyItMatters(),
                story.tldr().whatToDoNext(), story.takeaways(),
                story.publishedEstimated() ? null : date.format(story.publishedAt().atZone(zone)));
    }

    /** The address of one of this edition's stories, or null when the edition has no such story. */
    public String storyUrl(long storyId) {
        Story story = stories.get(storyId);
        return story == null ? null : story.url();
    }

    /** A story of this edition, or null when it has no such story. */
    public Story story(long storyId) {
        return stories.get(storyId);
    }

    /** The audience with this id among the edition's, or null. */
    public Audience audience(long audienceId) {
        return audiences.get(audienceId);
    }

    /** The audiences the list offers, for subscribers who chose none. */
    public List<Long> defaultAudienceIds(List<Long> offered) {
        return offered.isEmpty() ? List.copyOf(audiences.keySet()) : offered;
    }

    Locale locale() {
        return list.locale();
    }
}
