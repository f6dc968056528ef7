package app.recap.subscriber;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.stereotype.Component;

import app.recap.audience.AudienceRepository;

/**
 * The one meaning of a subscriber's topics (audiences) on a list, applied alike by sign-up, the preference center,
 * the admin UI, the import and the API: <em>pick the topics you want; none picked means every topic</em>. "Every
 * topic" is every audience the list offers (every audience there is, for a list that offers none), today's and
 * those it offers later, so it is stored as no choice at all rather than as a copy of today's offer. A topic the
 * list does not offer is refused, never silently dropped: the caller shows the problem.
 */
@Component
public class Topics {

    /**
     * A checked choice.
     *
     * @param ids     the chosen audience ids in the order given, each once; empty means every topic
     * @param refused what named no topic of the list, as given; empty when the choice is valid
     */
    public record Choice(List<Long> ids, List<String> refused) {

        public boolean valid() {
            return refused.isEmpty();
        }

        public boolean everyTopic() {
            return ids.isEmpty();
        }
    }

    /** What one list allows, read once (an import checks every row against it). */
    public static final class Allowed {

        private final List<Long> ids;
        private final Map<String, Long> bySlug;

        Allowed(List<Long> ids, Map<String, Long> bySlug) {
            this.ids = List.copyOf(ids);
            this.bySlug = bySlug;
        }

        /** The audiences "every topic" stands for, in the list's order. */
        public List<Long> ids() {
            return ids;
        }

        /** Checks ids as a form or the API sends them (numbers as text). */
        public Choice byIds(Collection<String> values) {
            List<Long> chosen = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String value : values == null ? List.<String>of() : values) {
                if (value == null || value.isBlank()) {
                    continue;
                }
                Long id = parse(value.strip());
                if (id == null || !ids.contains(id)) {
                    refused.add(value.strip());
                } else if (!chosen.contains(id)) {
                    chosen.add(id);
                }
            }
            return new Choice(List.copyOf(chosen), List.copyOf(refused));
        }

        /** Checks audience slugs (any case), as the admin UI, the API and imports name them. */
        public Choice bySlugs(Collection<String> slugs) {
            List<Long> chosen = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (String slug : slugs == null ? List.<String>of() : slugs) {
                if (slug == null || slug.isBlank()) {
                    continue;
                }
                Long id = bySlug.get(slug.strip().toLowerCase(Locale.ROOT));
                if (id == null) {
                    refused.add(slug.strip());
                } else if (!chosen.contains(id)) {
                    chosen.add(id);
                }
            }
            return new Choice(List.copyOf(chosen), List.copyOf(refused));
        }

        private static Long parse(String value) {
            try {
                return Long.valueOf(value);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private final ListRepository lists;
    private final AudienceRepository audiences;

    Topics(ListRepository lists, AudienceRepository audiences) {
        this.lists = lists;
        this.audiences = audiences;
    }

    /** What a list's subscribers may choose from. */
    public Allowed of(long listId) {
        List<Long> offered = lists.offeredAudienceIds(listId);
        Map<String, Long> all = audiences.idsBySlug();
        Map<String, Long> bySlug = new HashMap<>();
        all.forEach((slug, id) -> {
            if (offered.isEmpty() || offered.contains(id)) {
                bySlug.put(slug.toLowerCase(Locale.ROOT), id);
            }
        });
        List<Long> ids = offered.isEmpty() ? List.copyOf(all.values()) : offered;
        return new Allowed(ids, bySlug);
    }
}
