package app.recap.ingest;

import java.util.List;

/**
 * A parsed feed: its own title and link, and its items in document order.
 *
 * @param warnings what the parser had to work around to read the feed (e.g. a wrong declared encoding), in words
 * @param hub      the WebSub hub the feed declares ({@code <link rel="hub">}), null when none
 * @param self     the feed's own URL as it declares it ({@code <link rel="self">}), the WebSub topic; null when none
 */
public record ParsedFeed(String title, String link, List<ParsedItem> items, List<String> warnings, String hub,
        String self) {

    public ParsedFeed {
        items = List.copyOf(items);
        warnings = List.copyOf(warnings);
    }

    public ParsedFeed(String title, String link, List<ParsedItem> items, List<String> warnings) {
        this(title, link, items, warnings, null, null);
    }

    public ParsedFeed(String title, String link, List<ParsedItem> items) {
        this(title, link, items, List.of());
    }
}
