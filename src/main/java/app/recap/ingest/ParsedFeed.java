package app.recap.ingest;

import java.util.List;

/**
 * A parsed feed: its own title and link, and its items in document order.
 *
 * @param warnings what the parser had to work around to read the feed (e.g. a wrong declared encoding), in words
 */
public record ParsedFeed(String title, String link, List<ParsedItem> items, List<String> warnings) {

    public ParsedFeed {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    public ParsedFeed(String title, String link, List<ParsedItem> items) {
        this(title, link, items, List.of());
    }
}
