/**
 * JSON Feed 1.0 and 1.1 ({@code application/feed+json}) read with Jackson into the same {@code ParsedFeed} and
 * {@code ParsedItem} records as RSS and Atom, so cleaning, URL normalisation, dates, coverage and local
 * enrichment are the same; the {@code _recap} extension object carries enrichment with the JSON intake's fields.
 */
package app.recap.ingest.jsonfeed;
