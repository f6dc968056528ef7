package app.recap.edition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.springframework.stereotype.Component;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.feed.synd.SyndFeedImpl;
import com.rometools.rome.feed.synd.SyndLink;
import com.rometools.rome.feed.synd.SyndLinkImpl;
import com.rometools.rome.feed.synd.SyndPerson;
import com.rometools.rome.feed.synd.SyndPersonImpl;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedOutput;

/**
 * Writes a list's archive as an Atom 1.0 feed with Rome. Rome's types stay in this class; callers pass and get
 * plain values.
 */
@Component
public class ArchiveFeed {

    /**
     * The feed itself.
     *
     * @param selfUrl    where the feed is served; also its Atom id
     * @param archiveUrl the HTML archive page
     * @param language   e.g. {@code en}
     */
    public record Feed(String title, String subtitle, String selfUrl, String archiveUrl, String author,
            String language) {
    }

    /**
     * One edition in the feed.
     *
     * @param url  the edition's archive page; also the entry's Atom id
     * @param html the entry's content, HTML
     */
    public record Entry(String title, String url, Instant sentAt, String html) {
    }

    /** The feed as Atom 1.0 XML; its {@code updated} is the newest entry's time ({@code fallbackUpdated} if none). */
    public String atom(Feed feed, List<Entry> entries, Instant fallbackUpdated) {
        SyndFeed out = new SyndFeedImpl();
        out.setFeedType("atom_1.0");
        out.setTitle(feed.title());
        out.setDescription(feed.subtitle());
        out.setUri(feed.selfUrl());
        out.setLanguage(feed.language());
        out.setLinks(List.of(link(feed.archiveUrl(), "alternate", "text/html"),
                link(feed.selfUrl(), "self", "application/atom+xml")));
        SyndPerson author = new SyndPersonImpl();
        author.setName(feed.author());
        out.setAuthors(List.of(author));
        Instant updated = entries.stream().map(Entry::sentAt).max(Instant::compareTo).orElse(fallbackUpdated);
        out.setPublishedDate(Date.from(updated));
        List<SyndEntry> items = new ArrayList<>();
        for (Entry e : entries) {
            SyndEntry item = new SyndEntryImpl();
            item.setTitle(e.title());
            item.setUri(e.url());
            // Rome otherwise writes an empty <author> into every entry
            item.setAuthor(feed.author());
            item.setLink(e.url());
            item.setUpdatedDate(Date.from(e.sentAt()));
            item.setPublishedDate(Date.from(e.sentAt()));
            SyndContent content = new SyndContentImpl();
            content.setType("html");
            content.setValue(e.html());
            item.setContents(List.of(content));
            items.add(item);
        }
        out.setEntries(items);
        try {
            return new SyndFeedOutput().outputString(out, true);
        } catch (FeedException e) {
            throw new IllegalStateException("cannot write the archive feed", e);
        }
    }

    private static SyndLink link(String href, String rel, String type) {
        SyndLink link = new SyndLinkImpl();
        link.setHref(href);
        link.setRel(rel);
        link.setType(type);
        return link;
    }
}
