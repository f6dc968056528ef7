package app.recap.ingest;

import java.time.Instant;
import java.util.List;

/**
 * One feed item as the parser found it, before cleaning.
 *
 * @param link        as written in the feed, possibly relative; may be null
 * @param publishedAt null when the feed gave no date
 * @param enrichment  null for a plain item
 */
public record ParsedItem(String guid, String link, String title, String description, Instant publishedAt,
        Enrichment enrichment) {

    /** The extension elements of namespace {@code urn:recap:enrichment:1}. */
    public record Enrichment(String tldr, String whyItMatters, String whatToDoNext, Double importance,
            List<String> takeaways, List<Audience> audiences) {

        public record Audience(String name, Double weight) {
        }
    }
}
