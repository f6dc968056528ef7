package app.recap.subscriber;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.recap.audience.AudienceRepository;

/**
 * The audiences an import row may name, resolved from the cell's slugs (separated by {@code ;} or {@code |}, any
 * case): the list's offer, or the whole catalogue if it offers none. Read once per import.
 */
final class ImportAudiences {

    /** What a cell names: the ids in its order, each once; or, when a slug names no allowed audience, why not. */
    record Resolution(List<Long> ids, String problem) {
    }

    private final Map<String, Long> allowed;

    private ImportAudiences(Map<String, Long> allowed) {
        this.allowed = allowed;
    }

    static ImportAudiences offeredBy(NewsletterList list, ListRepository lists, AudienceRepository audiences) {
        List<Long> offered = lists.offeredAudienceIds(list.id());
        Map<String, Long> bySlug = audiences.idsBySlug();
        if (!offered.isEmpty()) {
            bySlug.values().retainAll(offered);
        }
        return new ImportAudiences(bySlug);
    }

    /** Resolves a non-blank cell. */
    Resolution resolve(String cell) {
        List<Long> ids = new ArrayList<>();
        for (String slug : cell.split("[;|]")) {
            String s = slug.strip().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            Long id = allowed.get(s);
            if (id == null) {
                return new Resolution(null, "unknown audience \"" + SubscriberImport.truncate(slug.strip(), 80) + "\"");
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        return new Resolution(ids, null);
    }
}
