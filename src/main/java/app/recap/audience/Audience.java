package app.recap.audience;

import java.util.List;

/**
 * An audience stories are ranked for and subscribers choose.
 *
 * @param keywords lower-case words or phrases that mark a plain story as relevant; never null
 */
public record Audience(long id, String slug, String displayName, String description, List<String> keywords) {

    public Audience {
        keywords = List.copyOf(keywords);
    }
}
