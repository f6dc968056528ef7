package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.stream.Stream;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;

import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.support.TestWorld;

/** The public archive: past editions, one edition as sent but impersonal, and the Atom feed. */
class ArchiveTests extends SubscriberSideTestBase {

    @Autowired WeeklyDigest weeklyDigest;

    @Test
    void archiveListsSentEditionsAndShowsOneAsSentWithoutPersonalData() throws Exception {
        world.listWithSubscribers("archive", 6);
        weeklyDigest.run("archive", IsoWeek.parse(TestWorld.WEEK));
        storiesIn(IsoWeek.parse("2026-W46"));
        weeklyDigest.run("archive", IsoWeek.parse("2026-W46"));

        MockHttpServletResponse index = mvc.perform(get("/archive/archive")).andReturn().getResponse();

        assertThat(index.getStatus()).isEqualTo(200);
        Document list = Jsoup.parse(index.getContentAsString());
        assertThat(list.select(".editions a").eachAttr("href"))
                .containsExactly("/archive/archive/2026-W48", "/archive/archive/2026-W46");
        String count = list.select(".editions .count").first().text();
        assertThat(list.select("link[type=application/atom+xml]").attr("href")).isEqualTo("/archive/archive/feed.atom");

        MockHttpServletResponse edition = mvc.perform(get("/archive/archive/2026-W48")).andReturn().getResponse();

        assertThat(edition.getStatus()).isEqualTo(200);
        assertThat(edition.getHeader("Content-Security-Policy")).isEqualTo(ArchiveController.EDITION_CSP);
        String html = edition.getContentAsString();
        Document page = Jsoup.parse(html);
        // the lead section, then every section the list offers, in its order
        assertThat(page.select("h2").eachText()).containsExactlyElementsOf(Stream.concat(Stream.of("This week's top stories"),
                Stream.of(TestWorld.AUDIENCES).map(a -> a[1])).toList());
        assertThat(page.select("h3 a")).hasSizeGreaterThan(6);
        // the index counts the stories this page shows, not the stories collected for the week
        assertThat(count).isEqualTo(page.select("h3").size() + " stories");
        // "In this issue": one entry per section, each to its heading's anchor
        assertThat(page.select("a[href^=#]").eachAttr("href")).containsExactlyElementsOf(
                page.select("h2[id]").eachAttr("id").stream().map(id -> "#" + id).toList());
        assertThat(page.text()).contains("In this issue").containsPattern("\\d+ stories · about \\d+ min to read");
        assertThat(page.select("nav.archive-bar a").eachAttr("href")).containsExactly("/archive/archive",
                "/subscribe/archive");
        // nothing personal: no name, no personal link, no link to itself
        assertThat(html).doesNotContain("Reader ").doesNotContain("/u/").doesNotContain("/p/")
                .doesNotContain("{{recap:").doesNotContain("https://recap.example/archive/archive/2026-W48");
        assertThat(page.select("a").eachAttr("href")).allMatch(h -> !h.isEmpty());
        assertThat(page.text()).doesNotContain("Hi there,").doesNotContain("Change your topics")
                .doesNotContain("Unsubscribe").doesNotContain("because you subscribed");
        assertThat(page.text()).contains("Recap Test Ltd, 1 Test Street");
    }

    @Test
    void feedIsAtomWithOneEntryPerSentEdition() throws Exception {
        world.listWithSubscribers("feed", 2);
        weeklyDigest.run("feed", IsoWeek.parse(TestWorld.WEEK));

        MockHttpServletResponse response = mvc.perform(get("/archive/feed/feed.atom")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("application/atom+xml");
        Document feed = Jsoup.parse(response.getContentAsString(), "", Parser.xmlParser());
        assertThat(feed.select("feed").attr("xmlns")).isEqualTo("http://www.w3.org/2005/Atom");
        assertThat(feed.select("feed > id").text()).isEqualTo(BASE_URL + "/archive/feed/feed.atom");
        assertThat(feed.select("feed > title").text()).isEqualTo("List feed");
        assertThat(feed.select("feed > link[rel=self]").attr("href")).isEqualTo(BASE_URL + "/archive/feed/feed.atom");
        assertThat(feed.select("entry")).hasSize(1);
        assertThat(feed.select("entry > id").text()).isEqualTo(BASE_URL + "/archive/feed/2026-W48");
        assertThat(feed.select("entry > link").attr("href")).isEqualTo(BASE_URL + "/archive/feed/2026-W48");
        assertThat(feed.select("entry > title").text()).startsWith("List feed: ");
        assertThat(feed.select("entry > updated").text()).isNotEmpty();
        Document content = Jsoup.parse(feed.select("entry > content").text());
        assertThat(content.select("h3").eachText()).hasSize(7).startsWith("This week's top stories");
        assertThat(content.select("li a")).hasSizeGreaterThan(6);
    }

    @Test
    void unknownListsAndUnsentWeeksAreNotFound() throws Exception {
        world.listWithSubscribers("unsent", 1);

        for (String path : new String[] {"/archive/no-such-list", "/archive/unsent/2026-W48", "/archive/unsent/not-a-week",
                "/archive/no-such-list/2026-W48"}) {
            MockHttpServletResponse r = mvc.perform(get(path)).andReturn().getResponse();
            assertThat(r.getStatus()).as(path).isEqualTo(404);
            assertThat(Jsoup.parse(r.getContentAsString()).select("h1").text()).isEqualTo("Page not found");
        }
        assertThat(mvc.perform(get("/archive/no-such-list/feed.atom")).andReturn().getResponse().getStatus())
                .isEqualTo(404);
        assertThat(Jsoup.parse(mvc.perform(get("/archive/unsent")).andReturn().getResponse().getContentAsString())
                .select("main p").eachText()).contains("No edition has been sent yet.");
    }
}
