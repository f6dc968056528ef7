package app.recap.edition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an editor chose for one edition before it was sent: stories pinned or dropped, an editor's note and a
 * subject that replaces the generated one. Applied wherever the edition is shown or sent (the snapshot's sections,
 * the rendered subject and note), so the preview shows a change at once.
 *
 * @param picks       one per story, in the order they were made
 * @param noteMarkdown the editor's note as written, or null
 * @param subject     the subject override, or null for the generated subject
 */
public record Steering(List<Pick> picks, String noteMarkdown, String subject) {

    /** No choices: the edition as ranked. */
    public static final Steering NONE = new Steering(List.of(), null, null);

    public Steering {
        picks = List.copyOf(picks);
    }

    /** What an editor did with one story. */
    public enum Action {
        /** Placed at the top of the lead section or of an audience's section. */
        PIN,
        /** Left out of the edition altogether. */
        DROP
    }

    /**
     * @param audienceId for a pin, the audience whose section it tops; null for the lead section (and for a drop)
     * @param by         the account that made the choice
     */
    public record Pick(long storyId, Action action, Long audienceId, String by) {
    }

    public boolean dropped(long storyId) {
        return pick(storyId).map(p -> p.action() == Action.DROP).orElse(false);
    }

    public Optional<Pick> pick(long storyId) {
        return picks.stream().filter(p -> p.storyId() == storyId).findFirst();
    }

    /** Stories pinned to the lead section, in pin order. */
    public List<Long> pinnedToLead() {
        return picks.stream().filter(p -> p.action() == Action.PIN && p.audienceId() == null).map(Pick::storyId)
                .toList();
    }

    /** Stories pinned to each audience's section, in pin order. */
    public Map<Long, List<Long>> pinnedToSections() {
        return picks.stream().filter(p -> p.action() == Action.PIN && p.audienceId() != null)
                .collect(Collectors.groupingBy(Pick::audienceId,
                        Collectors.mapping(Pick::storyId, Collectors.toList())));
    }

    public Map<Long, Pick> byStory() {
        return picks.stream().collect(Collectors.toMap(Pick::storyId, Function.identity(), (a, b) -> a));
    }

    public boolean hasNote() {
        return noteMarkdown != null && !noteMarkdown.isBlank();
    }

    public boolean hasSubject() {
        return subject != null && !subject.isBlank();
    }
}
