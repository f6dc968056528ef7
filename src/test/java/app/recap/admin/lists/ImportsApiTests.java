package app.recap.admin.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

import app.recap.admin.AdminApiTestBase;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

class ImportsApiTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;

    private static MockMultipartFile file(String resource) throws Exception {
        return new MockMultipartFile("file", resource, "text/csv",
                new ClassPathResource("imports/" + resource).getContentAsByteArray());
    }

    @Test
    void importsGoodRowsAndReportsEachRejectedRowWithItsReason() throws Exception {
        NewsletterList list = list("import-mixed");

        mvc.perform(multipart("/api/lists/import-mixed/imports").file(file("mixed.csv")).with(admin()))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.rowsRead").value(8))
                .andExpect(jsonPath("$.created").value(3))
                .andExpect(jsonPath("$.rejected").value(5));

        assertThat(subscribers.countActive(list.id())).isEqualTo(3);
        var ada = subscribers.findByEmail("ada@import.example").orElseThrow();
        assertThat(ada.name()).isEqualTo("Ada Lovelace");
        assertThat(subscribers.audienceIds(ada.id(), list.id())).containsExactly(security.id(), developers.id());
        assertThat(subscribers.findByEmail("BOB@import.example")).isPresent();

        String report = mvc.perform(get("/api/imports/" + lastImportId() + "/rejected.csv").with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<String> lines = report.lines().toList();
        assertThat(lines.get(0)).isEqualTo("row,email,name,audiences,reason");
        assertThat(lines).hasSize(6);
        assertThat(report)
                .contains("4,not-an-address,Nobody,,not a valid email address")
                .contains("5,carol@import.example,Carol,astrology,\"unknown audience \"\"astrology\"\"\"")
                .contains("6,ADA@import.example,Ada again,,duplicate of row 2")
                .contains("7,,Empty,,address is missing")
                .contains("'=HYPERLINK(\"\"http://evil.example\"\")@x.example");
    }

    @Test
    void importingAgainUpdatesInsteadOfDuplicatingAndKeepsUnsubscribedPeopleUnsubscribed() throws Exception {
        NewsletterList list = list("import-again");
        long gone = subscribers.subscribe(list.id(), "gone@import.example", null, null, List.of(),
                SubscriptionStatus.UNSUBSCRIBED, java.time.Instant.parse("2026-11-02T00:00:00Z"));

        mvc.perform(post("/api/lists/import-again/imports").with(admin()).contentType("text/csv")
                .content("email,name\nfresh@import.example,Fresh\ngone@import.example,Gone\n"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.created").value(1))
                .andExpect(jsonPath("$.updated").value(1));
        mvc.perform(post("/api/lists/import-again/imports").with(admin()).contentType("text/csv")
                .content("email,name\nfresh@import.example,Fresh Name\n"))
                .andExpect(jsonPath("$.created").value(0))
                .andExpect(jsonPath("$.updated").value(1));

        assertThat(subscribers.findByEmail("fresh@import.example").orElseThrow().name()).isEqualTo("Fresh Name");
        assertThat(subscribers.statusOf(gone, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
    }

    @Test
    void refusesAFileThatIsNotCsvOrHasTheWrongHeaderAndChangesNothing() throws Exception {
        NewsletterList list = list("import-refused");

        mvc.perform(multipart("/api/lists/import-refused/imports").file(file("wrong-header.csv")).with(admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Unknown column \"e-mail\"")));
        mvc.perform(multipart("/api/lists/import-refused/imports").file(new MockMultipartFile("file", "list.xlsx",
                "application/octet-stream", new ClassPathResource("imports/not-csv.xlsx").getContentAsByteArray()))
                .with(admin()))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not UTF-8 text")));
        mvc.perform(post("/api/lists/import-refused/imports").with(admin()).contentType("text/csv")
                .content("email,name\ngood@import.example,Good\n\"broken@import.example,Broken\n"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("not valid CSV")));

        assertThat(subscribers.findByEmail("good@import.example")).isEmpty();
        assertThat(subscribers.countActive(list.id())).isZero();
    }

    @Test
    void onlyAdminsImport() throws Exception {
        list("import-editor");
        mvc.perform(multipart("/api/lists/import-editor/imports").file(file("mixed.csv")).with(editor()))
                .andExpect(status().isForbidden());
        mvc.perform(multipart("/api/lists/import-editor/imports").file(file("mixed.csv")))
                .andExpect(status().isUnauthorized());
    }

    @Autowired app.recap.subscriber.SubscriberImport imports;

    private long lastImportId() {
        return imports.recent(1).get(0).id();
    }
}
