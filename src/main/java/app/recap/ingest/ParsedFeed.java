package app.recap.ingest;

import java.util.List;

/** A parsed feed: its own title and link, and its items in document order. */
public record ParsedFeed(String title, String link, List<ParsedItem> items) {
}
