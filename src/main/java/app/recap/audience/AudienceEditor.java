package app.recap.audience;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Administrators' changes to the audience catalogue: add, rename, describe, set the keyword lexicon. */
@Repository
public class AudienceEditor {

    private final JdbcClient jdbc;
    private final AudienceRepository audiences;

    AudienceEditor(JdbcClient jdbc, AudienceRepository audiences) {
        this.jdbc = jdbc;
        this.audiences = audiences;
    }

    /**
     * Adds an audience.
     *
     * @return empty when the slug is taken
     */
    public Optional<Audience> add(String slug, String displayName, String description, List<String> keywords) {
        try {
            var keys = new GeneratedKeyHolder();
            jdbc.sql("insert into audience (slug, display_name, description, keywords) values (?, ?, ?, ?)")
                    .params(slug, displayName, description, lexicon(keywords)).update(keys, "id");
            return find(keys.getKey().longValue());
        } catch (DuplicateKeyException taken) {
            return Optional.empty();
        }
    }

    /**
     * Renames, describes and sets the keywords of an audience; its slug (which feeds and links use) stays.
     *
     * @return empty when there is no such audience
     */
    public Optional<Audience> update(long id, String displayName, String description, List<String> keywords) {
        int updated = jdbc.sql("update audience set display_name = ?, description = ?, keywords = ? where id = ?")
                .params(displayName, description, lexicon(keywords), id).update();
        return updated == 0 ? Optional.empty() : find(id);
    }

    public Optional<Audience> find(long id) {
        return audiences.findAll().stream().filter(a -> a.id() == id).findFirst();
    }

    /** One keyword or phrase per line, lower-cased, blanks and repeats dropped. */
    private static String lexicon(List<String> keywords) {
        return String.join("\n", keywords.stream().map(k -> k.strip().toLowerCase(Locale.ROOT))
                .filter(k -> !k.isEmpty()).distinct().toList());
    }
}
