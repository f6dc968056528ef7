package app.recap.admin.feeds;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import app.recap.support.IngestContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The feeds REST API as outside checks use it: add a feed, fetch it now, read its status. */
class FeedsApiTests extends IngestContext {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;

    @Test
    void addingAFeedAnswers201WithItsIdAndFetchingItAnswersWhatHappened() throws Exception {
        server.serve("/api/feed.xml", fixture("rss20-enriched.xml"), "application/rss+xml");

        long id = add(server.url("/api/feed.xml"), "Signal Weekly");
        mvc.perform(admin(post("/api/feeds/" + id + "/fetch")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.feedId").value(id))
                .andExpect(jsonPath("$.itemsSeen").value(3))
                .andExpect(jsonPath("$.newStories").value(3))
                .andExpect(jsonPath("$.httpStatus").value(200))
                .andExpect(jsonPath("$.error").value(nullValue()));
        mvc.perform(admin(post("/api/feeds/" + id + "/fetch")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.itemsSeen").value(3))
                .andExpect(jsonPath("$.newStories").value(0));

        mvc.perform(admin(get("/api/feeds/" + id)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Signal Weekly"))
                .andExpect(jsonPath("$.lastStatus").value(200))
                .andExpect(jsonPath("$.lastItemsSeen").value(3))
                .andExpect(jsonPath("$.lastNewStories").value(0))
                .andExpect(jsonPath("$.consecutiveFailures").value(0))
                .andExpect(jsonPath("$.lastFetchedAt").value("2026-11-26T12:00:00Z"));
        mvc.perform(admin(get("/api/feeds")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].id", hasItem((int) id)));
    }

    @Test
    void aFeedThatCannotBeReadIsA200WithTheErrorInWords() throws Exception {
        server.serve("/api/page.html", fixture("not-a-feed.html"), "text/html");
        long id = add(server.url("/api/page.html"), "A web page");

        mvc.perform(admin(post("/api/feeds/" + id + "/fetch")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.itemsSeen").value(0))
                .andExpect(jsonPath("$.newStories").value(0))
                .andExpect(jsonPath("$.error", containsString("HTML web page")));
        mvc.perform(admin(get("/api/feeds/" + id)))
                .andExpect(jsonPath("$.lastError", containsString("HTML web page")))
                .andExpect(jsonPath("$.consecutiveFailures").value(1))
                .andExpect(jsonPath("$.nextFetchAt").value("2026-11-26T13:00:00Z"));
    }

    @Test
    void aHostOutsideTheAllowListThatResolvesToLoopbackIsRefusedWithoutARequest() throws Exception {
        server.serve("/api/private.xml", fixture("rss20-plain.xml"), "application/rss+xml");
        long id = add("http://localhost:" + server.port() + "/api/private.xml", "Private");

        mvc.perform(admin(post("/api/feeds/" + id + "/fetch")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.error", startsWith("refused: localhost resolves to a loopback address")));
        org.assertj.core.api.Assertions.assertThat(server.requests("/api/private.xml")).isEmpty();
    }

    @Test
    void theSameUrlAgainAnswersTheExistingFeed() throws Exception {
        long id = add(server.url("/api/twice.xml"), "Twice");

        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"" + server.url("/api/twice.xml") + "\", \"name\": \"Again\"}")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(id))
                .andExpect(jsonPath("$.name").value("Twice"));
    }

    @Test
    void unusableInputIsA400WithAMessage() throws Exception {
        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"file:///etc/passwd\", \"name\": \"Local\"}")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("url: must start with http:// or https://"));
        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"No URL\"}")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("url: required"));
        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON).content("{not json")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("not the JSON")));
    }

    @Test
    void anUnknownFeedIs404() throws Exception {
        mvc.perform(admin(post("/api/feeds/999999/fetch"))).andExpect(status().isNotFound());
        mvc.perform(admin(get("/api/feeds/999999"))).andExpect(status().isNotFound());
    }

    @Test
    void errorsAreProblemDocumentsLikeTheRestOfTheApi() throws Exception {
        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON).content("{not json")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                // no type member means about:blank (RFC 9457, 3.1.1), as in every other API answer
                .andExpect(jsonPath("$.type").doesNotExist())
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("The body is not the JSON this endpoint expects."))
                .andExpect(jsonPath("$.instance").value("/api/feeds"));

        mvc.perform(admin(get("/api/feeds/999998")))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not Found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("feed 999998 not found"))
                .andExpect(jsonPath("$.instance").value("/api/feeds/999998"));
        mvc.perform(admin(post("/api/feeds/999998/fetch")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("feed 999998 not found"));

        mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"https://valid.example/feed.xml\", \"authority\": 7}")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("authority: must be a number from 0 to 1"))
                .andExpect(jsonPath("$.errors.authority").value("must be a number from 0 to 1"));
    }

    @Test
    void theApiNeedsTheAdminAccount() throws Exception {
        mvc.perform(get("/api/feeds")).andExpect(status().isUnauthorized());
        mvc.perform(post("/api/feeds").contentType(MediaType.APPLICATION_JSON).content("{\"url\": \"https://x.example/\"}")
                .with(httpBasic(ADMIN, "wrong password"))).andExpect(status().isUnauthorized());
    }

    @Test
    void importingOpmlAddsEachFeedOnceFlattensFoldersAndReportsEveryOutline() throws Exception {
        String existing = server.url("/api/opml-existing.xml");
        long existingId = add(existing, "Already registered");
        byte[] opml = new String(fixture("reader-export.opml"), StandardCharsets.UTF_8).replace("@EXISTING@", existing)
                .getBytes(StandardCharsets.UTF_8);

        mvc.perform(admin(post("/api/feeds/opml").contentType("text/x-opml").content(opml)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outlines.length()").value(9))
                .andExpect(jsonPath("$.outlines[0].outcome").value("KEPT"))
                .andExpect(jsonPath("$.outlines[0].feedId").value(existingId))
                .andExpect(jsonPath("$.outlines[1].outcome").value("ADDED"))
                .andExpect(jsonPath("$.outlines[1].folder").value("Tech / AI"))
                .andExpect(jsonPath("$.outlines[2].outcome").value("KEPT"))
                .andExpect(jsonPath("$.outlines[3].outcome").value("ADDED"))
                .andExpect(jsonPath("$.outlines[3].url").value("https://chips.example/atom"))
                .andExpect(jsonPath("$.outlines[3].folder").value("Tech"))
                .andExpect(jsonPath("$.outlines[4].outcome").value("REFUSED"))
                .andExpect(jsonPath("$.outlines[4].reason", containsString("no xmlUrl")))
                .andExpect(jsonPath("$.outlines[5].reason").value("url: must start with http:// or https://"))
                .andExpect(jsonPath("$.outlines[6].reason", startsWith("refused: 10.0.0.7 resolves to a private")))
                .andExpect(jsonPath("$.outlines[7].reason", containsString("OPML include, which Recap does not follow")))
                .andExpect(jsonPath("$.outlines[8].outcome").value("ADDED"));
        mvc.perform(admin(post("/api/feeds/opml").contentType(MediaType.APPLICATION_XML).content(opml)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outlines[?(@.outcome == 'ADDED')]").isEmpty());

        String export = mvc.perform(admin(get("/api/feeds/opml")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/x-opml"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(export).contains("<opml version=\"2.0\">",
                "xmlUrl=\"https://models.example/feed.xml\"", "text=\"Model Notes\"",
                "xmlUrl=\"https://chips.example/atom\"", "text=\"untitled.example\"", "xmlUrl=\"" + existing + "\"")
                .doesNotContain("10.0.0.7").doesNotContain("javascript:");
    }

    @Test
    void anOpmlExportReadsBackAsTheSameFeeds() throws Exception {
        String export = mvc.perform(admin(get("/api/feeds/opml"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        mvc.perform(admin(post("/api/feeds/opml").contentType("text/x-opml").content(export)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outlines[?(@.outcome == 'ADDED')]").isEmpty());
    }

    @Test
    void opmlThatIsNotOpmlOrAttacksTheParserIsA400AndAddsNothing() throws Exception {
        mvc.perform(admin(post("/api/feeds/opml").contentType("text/x-opml").content(fixture("rss20-plain.xml"))))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the file is not OPML (its root element is <rss>)"));
        String laughs = new String(fixture("billion-laughs.xml"), StandardCharsets.UTF_8);
        String bomb = laughs.substring(0, laughs.indexOf("<rss")) + "<opml version=\"2.0\"><body><outline text=\"&lol9;\" "
                + "xmlUrl=\"https://bomb.example/\"/></body></opml>";
        mvc.perform(admin(post("/api/feeds/opml").contentType("text/x-opml").content(bomb)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", startsWith("refused")));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE opml [<!ENTITY s SYSTEM \"file:///etc/hostname\">]>"
                + "<opml version=\"2.0\"><head><title>&s;</title></head>"
                + "<body><outline text=\"x\" xmlUrl=\"https://xxe-opml.example/feed\"/></body></opml>";
        mvc.perform(admin(post("/api/feeds/opml").contentType(MediaType.TEXT_XML).content(xxe)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.outlines[0].title").value("x"));
        mvc.perform(admin(post("/api/feeds/opml").contentType(MediaType.APPLICATION_JSON).content("{}")))
                .andExpect(status().isUnsupportedMediaType());
        mvc.perform(post("/api/feeds/opml").contentType("text/x-opml").content(xxe))
                .andExpect(status().isUnauthorized());
    }

    private long add(String url, String name) throws Exception {
        String body = mvc.perform(admin(post("/api/feeds").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"url\": \"" + url + "\", \"name\": \"" + name + "\"}")))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/feeds/")))
                .andExpect(jsonPath("$.url").value(url))
                .andExpect(jsonPath("$.enabled").value(true))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode feed = json.readTree(body);
        return feed.get("id").asLong();
    }

    private static MockHttpServletRequestBuilder admin(MockHttpServletRequestBuilder request) {
        // a script: HTTP Basic and the header API clients send with form-typed or empty POSTs
        return request.with(httpBasic(ADMIN, ADMIN_PASSWORD)).header("X-Requested-With", "test");
    }
}
