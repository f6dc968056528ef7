package app.recap.subscriber;

import java.util.Arrays;
import java.util.List;

/**
 * The audiences an import row may name, resolved from the cell's slugs (separated by {@code ;} or {@code |}, any
 * case) by the one rule of {@link Topics}: the list's offer, or the whole catalogue if it offers none; a blank cell
 * means every topic. Read once per import.
 */
final class ImportAudiences {

    /** What a cell names: the ids in its order, each once; or, when a slug names no allowed audience, why not. */
    record Resolution(List<Long> ids, String problem) {
    }

    private final Topics.Allowed allowed;

    private ImportAudiences(Topics.Allowed allowed) {
        this.allowed = allowed;
    }

    static ImportAudiences offeredBy(NewsletterList list, Topics topics) {
        return new ImportAudiences(topics.of(list.id()));
    }

    /** Resolves a non-blank cell. */
    Resolution resolve(String cell) {
        Topics.Choice choice = allowed.bySlugs(Arrays.asList(cell.split("[;|]")));
        if (!choice.valid()) {
            return new Resolution(null, "unknown audience \"" + SubscriberImport.truncate(choice.refused().get(0), 80)
                    + "\"");
        }
        return new Resolution(choice.ids(), null);
    }
}
