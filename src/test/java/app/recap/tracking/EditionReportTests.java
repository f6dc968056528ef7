package app.recap.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import app.recap.admin.accounts.AdminAccounts;
import app.recap.admin.accounts.Role;
import app.recap.subscriber.ClickTracking;

/** {@code GET /api/editions/{list}/{week}/report} and its CSV: reader clicks counted, machine clicks apart. */
class EditionReportTests extends TrackingTestBase {

    private static final String ADMIN = "reports@recap.example";
    private static final String PASSWORD = "report test password";

    @Autowired AdminAccounts accounts;
    @Autowired JsonMapper json;

    @BeforeEach
    void administrator() {
        if (accounts.findByEmail(ADMIN).isEmpty()) {
            accounts.create(ADMIN, PASSWORD, Role.ADMIN);
        }
    }

    @Test
    void reportsSendsReaderClicksPerSectionAndStoryAndMachineClicksApart() throws Exception {
        sentList("report-anon", 3, ClickTracking.SUBSCRIBER);
        List<String> first = links(part(onlyMessageTo("report-anon-reader0@example.com"), "text/plain"), "/r/");
        List<String> second = links(part(onlyMessageTo("report-anon-reader1@example.com"), "text/plain"), "/r/");
        clock.advance(Duration.ofMinutes(30));
        mvc.perform(get(path(first.get(0))).with(r -> { r.setRemoteAddr("203.0.113.1"); return r; }));
        clock.advance(Duration.ofMinutes(2));
        mvc.perform(get(path(second.get(0))).with(r -> { r.setRemoteAddr("203.0.113.2"); return r; }));
        mvc.perform(head(path(second.get(1))));

        MvcResult result = mvc.perform(get("/api/editions/report-anon/" + W48 + "/report")
                .with(httpBasic(ADMIN, PASSWORD))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode report = json.readTree(result.getResponse().getContentAsString());
        assertThat(report.get("sent").asLong()).isEqualTo(3);
        assertThat(report.get("delivered").asLong()).isEqualTo(3);
        assertThat(report.get("bounced").asLong()).isZero();
        assertThat(report.get("complaints").asLong()).isZero();
        assertThat(report.get("unsubscribes").asLong()).isZero();
        assertThat(report.get("readerClicks").asLong()).isEqualTo(2);
        assertThat(report.get("machineClicks").asLong()).isEqualTo(1);
        assertThat(report.get("uniqueClickers").asLong()).isEqualTo(2);
        JsonNode sections = report.get("sections");
        assertThat(sections.get(0).get("audienceSlug").asString()).isEqualTo("top-stories");
        long sectionClicks = 0;
        long storyClicks = 0;
        for (JsonNode section : sections) {
            assertThat(section.get("impressions").asLong()).isBetween(1L, 3L);
            sectionClicks += section.get("readerClicks").asLong();
            for (JsonNode story : section.get("stories")) {
                assertThat(story.get("storyId").asLong()).isPositive();
                storyClicks += story.get("readerClicks").asLong();
            }
        }
        assertThat(sectionClicks).isEqualTo(2);
        assertThat(storyClicks).isEqualTo(2);
        JsonNode lead = sections.get(0);
        assertThat(lead.get("impressions").asLong()).as("every message opens with the lead section").isEqualTo(3);

        MvcResult csv = mvc.perform(get("/api/editions/report-anon/" + W48 + "/report.csv")
                .with(httpBasic(ADMIN, PASSWORD))).andReturn();
        assertThat(csv.getResponse().getContentType()).startsWith("text/csv");
        String[] rows = csv.getResponse().getContentAsString().split("\r\n");
        assertThat(rows[0]).startsWith("level,section,section_name,story_id");
        assertThat(rows[1]).startsWith("edition,").contains(",3,2,");
        assertThat(rows[2]).startsWith("section,top-stories,");
    }

    @Test
    void anAnonymousListReportsNoUniqueClickersAndAnUnknownEditionIsNotFound() throws Exception {
        sentList("report-nobody", 1, ClickTracking.ANONYMOUS);
        JsonNode report = json.readTree(mvc.perform(get("/api/editions/report-nobody/" + W48 + "/report")
                .with(httpBasic(ADMIN, PASSWORD))).andReturn().getResponse().getContentAsString());
        assertThat(report.get("uniqueClickers").isNull()).isTrue();
        assertThat(report.get("readerClicks").asLong()).isZero();
        assertThat(mvc.perform(get("/api/editions/report-nobody/2026-W01/report").with(httpBasic(ADMIN, PASSWORD)))
                .andReturn().getResponse().getStatus()).isEqualTo(404);
        assertThat(mvc.perform(get("/api/editions/report-nobody/" + W48 + "/report")).andReturn().getResponse()
                .getStatus()).as("admins only").isEqualTo(401);
    }
}
