package app.recap.admin.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import app.recap.audience.AudienceRepository;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.support.IngestContext;

/** {@code POST /api/stories}: enriched stories from pipelines without a feed, item by item. */
class StoriesApiTests extends IngestContext {

    @Autowired MockMvc mvc;
    @Autowired StoryRepository stories;
    @Autowired AudienceRepository audiences;

    @Test
    void aValidBatchIsStoredWithItsEnrichment() throws Exception {
        submit("""
                [{"url": "https://intake.example/2026/11/24/jassy?utm_source=pipeline",
                  "title": "Jassy defends Amazon's $200B AI spending",
                  "summary": "<p>Amazon's chief executive called the plan <b>evidence-based</b>.</p>",
                  "source": "GeekWire",
                  "publishedAt": "2026-11-24T14:05:00Z",
                  "tldr": "Amazon defends $200B capex as evidence-based.",
                  "whyItMatters": "Signals strong demand for AWS AI services.",
                  "whatToDoNext": "Benchmark Trainium for your inference workloads.",
                  "takeaways": ["Capex goes mostly to data centres.", "Custom chips target price-performance."],
                  "audiences": [{"name": "Enterprise & Security Teams", "weight": 0.9},
                                {"name": "Founders & Investors", "weight": 0.5}],
                  "importance": 0.82},
                 {"url": "https://intake.example/plain", "title": "A plain story without enrichment"}]""")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.rejected", hasSize(0)))
                .andExpect(jsonPath("$.accepted[*].index", contains(0, 1)))
                .andExpect(jsonPath("$.accepted[0].url").value("https://intake.example/2026/11/24/jassy"))
                .andExpect(jsonPath("$.accepted[0].created").value(true));

        Story story = stored("https://intake.example/2026/11/24/jassy");
        assertThat(story.title()).isEqualTo("Jassy defends Amazon's $200B AI spending");
        assertThat(story.summary()).isEqualTo("Amazon's chief executive called the plan evidence-based.");
        assertThat(story.sourceName()).isEqualTo("GeekWire");
        assertThat(story.publishedAt()).isEqualTo(Instant.parse("2026-11-24T14:05:00Z"));
        assertThat(story.tldr().whatToDoNext()).isEqualTo("Benchmark Trainium for your inference workloads.");
        assertThat(story.takeaways()).containsExactly("Capex goes mostly to data centres.",
                "Custom chips target price-performance.");
        assertThat(story.importance()).isEqualTo(0.82);
        long enterprise = audiences.findBySlug("enterprise-security-teams").orElseThrow().id();
        assertThat(story.audienceWeights()).containsEntry(enterprise, 0.9).hasSize(2);
        Story plain = stored("https://intake.example/plain");
        assertThat(plain.sourceName()).isEqualTo("intake.example");
        assertThat(plain.publishedEstimated()).isTrue();
    }

    @Test
    void aBatchWithBadItemsIsA400ThatStillStoresTheGoodOnesAndSaysWhatIsWrongWithEachBadOne() throws Exception {
        long before = stories.count();

        submit("""
                [{"url": "https://intake.example/good-1", "title": "First good story", "importance": 0.4},
                 {"url": "javascript:alert(1)", "title": "Script link", "importance": 2},
                 {"title": "", "publishedAt": "last Tuesday", "takeaways": "not a list"},
                 "just a string",
                 {"url": "https://intake.example/good-2", "title": "Second good story",
                  "audiences": [{"name": "Developers & Engineers"}]},
                 {"url": "https://intake.example/bad-audience", "title": "Bad audience",
                  "audiences": [{"name": "!!!", "weight": 0.5}, {"name": "Fine", "weight": "high"}],
                  "publishedAt": "2099-01-01T00:00:00Z", "summary": 42}]""")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.accepted[*].index", contains(0, 4)))
                .andExpect(jsonPath("$.rejected[*].index", contains(1, 2, 3, 5)))
                .andExpect(jsonPath("$.rejected[0].url").value("javascript:alert(1)"))
                .andExpect(jsonPath("$.rejected[0].errors", containsInAnyOrder(
                        "url: must be an absolute http or https URL of at most 2000 characters",
                        "importance: must be a number from 0 to 1")))
                .andExpect(jsonPath("$.rejected[1].errors", containsInAnyOrder("url: required", "title: required",
                        "publishedAt: must be an ISO-8601 date-time such as 2026-11-24T09:30:00Z",
                        "takeaways: must be an array of strings")))
                .andExpect(jsonPath("$.rejected[2].errors", contains("item: must be a JSON object")))
                .andExpect(jsonPath("$.rejected[3].errors", containsInAnyOrder("summary: must be a string",
                        "publishedAt: 2099-01-01T00:00:00Z is not a plausible publication date (before 1995 or "
                                + "more than 7 days ahead)",
                        "audiences[0].name: required, with at least one letter or digit",
                        "audiences[1].weight: must be a number from 0 to 1")));

        assertThat(stories.count()).isEqualTo(before + 2);
        assertThat(stories.findIdByUrl("https://intake.example/good-1")).isPresent();
        assertThat(stories.findIdByUrl("https://intake.example/good-2")).isPresent();
        assertThat(stories.findIdByUrl("https://intake.example/bad-audience")).isEmpty();
    }

    @Test
    void theSameStorySentAgainIsNotStoredTwice() throws Exception {
        String batch = """
                [{"url": "https://intake.example/again", "title": "Sent twice", "source": "Pipeline A"}]""";
        submit(batch).andExpect(jsonPath("$.accepted[0].created").value(true));
        long count = stories.count();

        submit(batch.replace("https://intake.example/again", "https://INTAKE.example/again#x")
                .replace("Pipeline A", "Pipeline B"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.accepted[0].created").value(false));

        assertThat(stories.count()).isEqualTo(count);
        assertThat(stored("https://intake.example/again").sources()).extracting(Story.StorySource::name)
                .containsExactly("Pipeline A", "Pipeline B");
    }

    @Test
    void hostileMarkupInJsonIsSanitisedLikeFeedHtml() throws Exception {
        submit("""
                [{"url": "https://intake.example/hostile",
                  "title": "Patch<script>alert(1)</script> now",
                  "summary": "<img src=https://tracker.example/p.gif onerror=alert(2)>Servers exposed.",
                  "takeaways": ["<a href='javascript:alert(3)'>Exploit</a> is public."]}]""")
                .andExpect(status().isOk());

        Story story = stored("https://intake.example/hostile");
        assertThat(story.title()).isEqualTo("Patch now");
        assertThat(story.summary()).isEqualTo("Servers exposed.");
        assertThat(story.takeaways()).containsExactly("Exploit is public.");
    }

    @Test
    void aBodyThatIsNotAnArrayIsA400() throws Exception {
        submit("{\"url\": \"https://intake.example/object\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("the body must be a JSON array of stories"));
        submit("[{\"url\": ").andExpect(status().isBadRequest());
    }

    @Test
    void errorsAreProblemDocumentsLikeTheRestOfTheApi() throws Exception {
        submit("{\"url\": \"https://intake.example/object\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                // no type member means about:blank (RFC 9457, 3.1.1), as in every other API answer
                .andExpect(jsonPath("$.type").doesNotExist())
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("the body must be a JSON array of stories"))
                .andExpect(jsonPath("$.instance").value("/api/stories"));
        submit("[{\"url\": ")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("The body is not the JSON this endpoint expects."));

        mvc.perform(post("/api/stories/42").contentType(MediaType.APPLICATION_JSON).content("[]")
                        .with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Not Found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.instance").value("/api/stories/42"));

        submit("""
                [{"url": "https://intake.example/problem-good", "title": "Kept"},
                 {"url": "ftp://intake.example/problem-bad", "title": "Refused"}]""")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:recap:problem:stories-rejected"))
                .andExpect(jsonPath("$.title").value("Stories rejected"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value("1 of 2 stories were rejected; the others were stored."))
                .andExpect(jsonPath("$.instance").value("/api/stories"))
                .andExpect(jsonPath("$.accepted[0].index").value(0))
                .andExpect(jsonPath("$.rejected[0].index").value(1))
                .andExpect(jsonPath("$.rejected[0].errors", contains(
                        "url: must be an absolute http or https URL of at most 2000 characters")));
    }

    private ResultActions submit(String json) throws Exception {
        return mvc.perform(post("/api/stories").contentType(MediaType.APPLICATION_JSON).content(json)
                .with(httpBasic(ADMIN, ADMIN_PASSWORD)));
    }

    private Story stored(String url) {
        return stories.findAllById(List.of(stories.findIdByUrl(url).orElseThrow())).get(0);
    }
}
