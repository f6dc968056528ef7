package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;

class ArchiveFeedTests {

    final ArchiveFeed writer = new ArchiveFeed();

    @Test
    void writesAnAtomFeedThatReadsBackWithItsEntries() throws Exception {
        ArchiveFeed.Feed feed = new ArchiveFeed.Feed("Weekly AI Recap", "Every edition", "https://r.example/archive/w/feed.atom",
                "https://r.example/archive/w", "Recap Media", "en");
        List<ArchiveFeed.Entry> entries = List.of(
                new ArchiveFeed.Entry("Week 48: chips & <agents>", "https://r.example/archive/w/2026-W48",
                        Instant.parse("2026-11-30T08:05:00Z"), "<h3>Developers</h3><ul><li>One &amp; two</li></ul>"),
                new ArchiveFeed.Entry("Week 47", "https://r.example/archive/w/2026-W47",
                        Instant.parse("2026-11-23T08:04:00Z"), "<p>Older</p>"));

        String xml = writer.atom(feed, entries, Instant.parse("2026-12-01T00:00:00Z"));

        assertThat(xml).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\"").doesNotContain("<name />");
        SyndFeed read = new SyndFeedInput().build(new StringReader(xml));
        assertThat(read.getFeedType()).isEqualTo("atom_1.0");
        assertThat(read.getTitle()).isEqualTo("Weekly AI Recap");
        assertThat(read.getUri()).isEqualTo("https://r.example/archive/w/feed.atom");
        assertThat(read.getPublishedDate().toInstant()).isEqualTo(Instant.parse("2026-11-30T08:05:00Z"));
        assertThat(read.getEntries()).extracting(SyndEntry::getTitle).containsExactly("Week 48: chips & <agents>", "Week 47");
        SyndEntry first = read.getEntries().get(0);
        assertThat(first.getUri()).isEqualTo("https://r.example/archive/w/2026-W48");
        assertThat(first.getLink()).isEqualTo("https://r.example/archive/w/2026-W48");
        assertThat(first.getAuthor()).isEqualTo("Recap Media");
        assertThat(first.getUpdatedDate().toInstant()).isEqualTo(Instant.parse("2026-11-30T08:05:00Z"));
        assertThat(first.getContents().get(0).getValue()).isEqualTo("<h3>Developers</h3><ul><li>One &amp; two</li></ul>");
    }

    @Test
    void emptyArchiveStillHasAnUpdatedTime() throws Exception {
        String xml = writer.atom(new ArchiveFeed.Feed("L", "S", "https://r.example/f", "https://r.example/a", "A", "en"),
                List.of(), Instant.parse("2026-12-01T00:00:00Z"));

        SyndFeed read = new SyndFeedInput().build(new StringReader(xml));
        assertThat(read.getEntries()).isEmpty();
        assertThat(read.getPublishedDate().toInstant()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    }
}
