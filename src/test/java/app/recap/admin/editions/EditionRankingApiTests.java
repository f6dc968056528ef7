package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.support.DemoEditionTestBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EditionRankingApiTests extends DemoEditionTestBase {

    @Autowired MockMvc mvc;
    @Autowired JsonMapper json;
    @Autowired WeeklyDigest weeklyDigest;

    @Test
    void showsEveryRankedStoryWithTheComponentsOfItsScore() throws Exception {
        String body = mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, WEEK).with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SENT"))
                .andExpect(jsonPath("$.sendable").value(true))
                .andExpect(jsonPath("$.storiesCollected").value(51))
                .andExpect(jsonPath("$.sections.length()").value(7))
                .andExpect(jsonPath("$.sections[0].key").value("top-stories"))
                .andExpect(jsonPath("$.sections[0].name").value("This week's top stories"))
                .andExpect(jsonPath("$.sections[0].shows").value(3))
                .andExpect(jsonPath("$.settings.weights.coverage").value(0.25))
                .andReturn().getResponse().getContentAsString();

        JsonNode root = json.readTree(body);
        JsonNode weights = root.get("settings").get("weights");
        double weightSum = weights.get("importance").asDouble() + weights.get("freshness").asDouble()
                + weights.get("coverage").asDouble() + weights.get("authority").asDouble();
        JsonNode lead = root.get("sections").get(0).get("stories");
        assertThat(lead.size()).as("every story relevant to an audience is explained").isEqualTo(51);
        assertThat(lead.get(0).get("parts").get("coverage").asDouble()).as("a story two sources carried leads")
                .isEqualTo(0.5);
        Set<String> slugs = new HashSet<>();
        for (JsonNode section : root.get("sections")) {
            slugs.add(section.get("key").asString());
            for (JsonNode story : section.get("stories")) {
                JsonNode p = story.get("parts");
                double base = (p.get("importance").asDouble() * weights.get("importance").asDouble()
                        + p.get("freshness").asDouble() * weights.get("freshness").asDouble()
                        + p.get("coverage").asDouble() * weights.get("coverage").asDouble()
                        + p.get("authority").asDouble() * weights.get("authority").asDouble()) / weightSum;
                assertThat(story.get("base").asDouble()).isCloseTo(base, within(1e-9));
                assertThat(story.get("score").asDouble()).isCloseTo(p.get("relevance").asDouble() * base, within(1e-9));
                assertThat(story.get("title").asString()).isNotBlank();
                assertThat(story.get("explanation").asString()).startsWith("relevance ");
            }
        }
        assertThat(slugs).contains("top-stories", "enterprise-security-teams", "developers-engineers",
                "researchers-academics", "founders-investors", "policy-legal-teams", "product-design-leaders");
    }

    @Test
    void saysWhyAThinWeekIsNotSent() throws Exception {
        weeklyDigest.run(LIST, IsoWeek.parse("2026-W47"));

        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, "2026-W47").with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SKIPPED"))
                .andExpect(jsonPath("$.sendable").value(false))
                .andExpect(jsonPath("$.notSentBecause").value(org.hamcrest.Matchers.startsWith("thin week: 2 of 2")))
                .andExpect(jsonPath("$.note").value(org.hamcrest.Matchers.startsWith("thin week: 2 of 2")));
    }

    @Test
    void errorsAreProblemDocumentsLikeTheRestOfTheApi() throws Exception {
        mvc.perform(get("/api/editions/{list}/{week}/ranking", "no-such-list", WEEK).with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                // no type member means about:blank (RFC 9457, 3.1.1), as in every other API answer
                .andExpect(jsonPath("$.type").doesNotExist())
                .andExpect(jsonPath("$.title").value("Not Found"))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.detail").value("list no-such-list not found"))
                .andExpect(jsonPath("$.instance").value("/api/editions/no-such-list/" + WEEK + "/ranking"));
        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, "2031-W02").with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("edition of " + LIST + " for 2031-W02 not found"));

        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, "last-week").with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Bad Request"))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").isNotEmpty())
                .andExpect(jsonPath("$.errors.week").isNotEmpty())
                .andExpect(jsonPath("$.instance").value("/api/editions/" + LIST + "/last-week/ranking"));

        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, WEEK).with(httpBasic(ADMIN, "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401));
    }

    @Test
    void answersOnlyTheAdminAndOnlyForRealEditions() throws Exception {
        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, WEEK)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, WEEK).with(httpBasic(ADMIN, "wrong")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/editions/{list}/{week}/ranking", "no-such-list", WEEK).with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, "2031-W02").with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/editions/{list}/{week}/ranking", LIST, "last-week").with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isBadRequest());
    }
}
