package app.recap.ingest.rome;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.springframework.stereotype.Component;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;

/**
 * Parses RSS 0.9x, 1.0, 2.0 and Atom 0.3, 1.0 with Rome into Recap's own records, so no Rome type leaves
 * this package.
 */
@Component
public class RomeFeedParser {

    /**
     * @param body                the raw feed bytes; this method does not close it
     * @param httpContentType     the HTTP Content-Type header, or null; its charset wins over the XML declaration
     * @throws FeedParseException with a message a person can act on
     */
    public ParsedFeed parse(InputStream body, String httpContentType) throws FeedParseException {
        try {
            XmlReader reader = httpContentType == null ? new XmlReader(body, true)
                    : new XmlReader(body, httpContentType, true);
            SyndFeedInput input = new SyndFeedInput();
            SyndFeed feed = input.build(reader);
            List<ParsedItem> items = new ArrayList<>();
            for (SyndEntry entry : feed.getEntries()) {
                items.add(toItem(entry));
            }
            return new ParsedFeed(feed.getTitle(), feed.getLink(), items);
        } catch (FeedException e) {
            throw new FeedParseException("not a readable RSS or Atom feed: " + rootCause(e), e);
        } catch (IOException e) {
            throw new FeedParseException("could not read the feed: " + rootCause(e), e);
        } catch (RuntimeException e) {
            // Rome throws unchecked exceptions on some broken documents (e.g. <rss> without <channel>)
            throw new FeedParseException("malformed feed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ParsedItem toItem(SyndEntry entry) {
        String description = null;
        SyndContent content = entry.getDescription();
        if (content != null) {
            description = content.getValue();
        }
        if ((description == null || description.isBlank()) && !entry.getContents().isEmpty()) {
            description = entry.getContents().get(0).getValue();
        }
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        String link = entry.getLink();
        if ((link == null || link.isBlank()) && entry.getUri() != null && entry.getUri().startsWith("http")) {
            link = entry.getUri();
        }
        return new ParsedItem(entry.getUri(), link, entry.getTitle(), description,
                date == null ? null : date.toInstant(), enrichment(entry));
    }

    private static ParsedItem.Enrichment enrichment(SyndEntry entry) {
        if (!(entry.getModule(EnrichmentModule.URI) instanceof EnrichmentModule module)) {
            return null;
        }
        return new ParsedItem.Enrichment(module.getTldr(), module.getWhyItMatters(), module.getWhatToDoNext(),
                module.getImportance(), module.getTakeaways(),
                module.getAudiences().stream()
                        .map(a -> new ParsedItem.Enrichment.Audience(a.name(), a.weight())).toList());
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
