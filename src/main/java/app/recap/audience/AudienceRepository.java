package app.recap.audience;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Reads and writes the audience catalogue. */
@Repository
public class AudienceRepository {

    private final JdbcClient jdbc;

    AudienceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<Audience> findAll() {
        return jdbc.sql("select id, slug, display_name, description, keywords from audience order by id")
                .query((rs, n) -> map(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
    }

    public Optional<Audience> findBySlug(String slug) {
        return jdbc.sql("select id, slug, display_name, description, keywords from audience where slug = ?")
                .param(slug)
                .query((rs, n) -> map(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    /** Every audience's id by its slug: how what a form, a file or an API names becomes ids. */
    public Map<String, Long> idsBySlug() {
        Map<String, Long> ids = new LinkedHashMap<>();
        jdbc.sql("select slug, id from audience order by id")
                .query((ResultSet rs) -> {
                    ids.put(rs.getString(1), rs.getLong(2));
                });
        return ids;
    }

    /**
     * The ids of the audiences these slugs name, in the given order (duplicates kept); blank or null entries are
     * skipped and each slug is stripped.
     *
     * @throws UnknownAudienceException for the first slug that names no audience
     */
    public List<Long> idsOf(List<String> slugs) {
        Map<String, Long> bySlug = idsBySlug();
        List<Long> ids = new ArrayList<>();
        for (String slug : slugs) {
            if (slug == null || slug.isBlank()) {
                continue;
            }
            Long id = bySlug.get(slug.strip());
            if (id == null) {
                throw new UnknownAudienceException(slug);
            }
            ids.add(id);
        }
        return ids;
    }

    /** A slug that names no audience; {@link #slug()} is as the caller gave it. */
    public static class UnknownAudienceException extends RuntimeException {

        private final String slug;

        UnknownAudienceException(String slug) {
            super("unknown audience " + slug);
            this.slug = slug;
        }

        public String slug() {
            return slug;
        }
    }

    /** Creates the audience if its slug is new; otherwise returns the stored one unchanged. */
    public Audience ensure(String slug, String displayName, String description, List<String> keywords) {
        Optional<Audience> existing = findBySlug(slug);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("insert into audience (slug, display_name, description, keywords) values (?, ?, ?, ?)")
                    .params(slug, displayName, description, String.join("\n", keywords))
                    .update(keys, "id");
            return new Audience(keys.getKey().longValue(), slug, displayName, description, keywords);
        } catch (DuplicateKeyException raced) {
            return findBySlug(slug).orElseThrow();
        }
    }

    /** Finds the audience a feed names by display name, creating it (without keywords) the first time. */
    public Audience ensureByDisplayName(String displayName) {
        return ensure(AudienceSlugs.fromDisplayName(displayName), displayName.strip(), null, List.of());
    }

    private static Audience map(long id, String slug, String name, String description, String keywords) {
        List<String> words = keywords == null || keywords.isBlank() ? List.of()
                : Arrays.stream(keywords.split("\n")).map(String::strip).filter(w -> !w.isEmpty()).toList();
        return new Audience(id, slug, name, description, words);
    }
}
