package app.recap.admin.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private static MockMultipartFile file(String resource) throws Exception {
        return new MockMultipartFile("file", resource, "text/csv",
                new ClassPathResource("imports/" + resource).getContentAsByteArray());
    }

    @Test
    void importsGoodRowsAndReportsEachRejectedRowWithItsReason() throws Exception {
        NewsletterList list = list("import-mixed");

        String location = mvc.perform(multipart("/api/lists/import-mixed/imports").file(file("mixed.csv")).with(admin()))
                .andExpect(status().isAccepted())
                .andExpect(header().string("Location", org.hamcrest.Matchers.matchesPattern(".*/api/imports/\\d+")))
                .andExpect(jsonPath("$.status").value(org.hamcrest.Matchers.oneOf("QUEUED", "RUNNING", "DONE")))
                .andExpect(jsonPath("$.rowsTotal").value(8))
                .andReturn().getResponse().getHeader("Location");
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        mvc.perform(get(location).with(admin())).andExpect(jsonPath("$.id").value(id));

        importEnded(location);
        mvc.perform(get(location).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.ended").value(true))
                .andExpect(jsonPath("$.percent").value(100))
                .andExpect(jsonPath("$.rowsRead").value(8))
                .andExpect(jsonPath("$.created").value(3))
                .andExpect(jsonPath("$.rejected").value(5))
                .andExpect(jsonPath("$.message").doesNotExist());

        assertThat(subscribers.countActive(list.id())).isEqualTo(3);
        var ada = subscribers.findByEmail("ada@import.example").orElseThrow();
        assertThat(ada.name()).isEqualTo("Ada Lovelace");
        assertThat(subscribers.audienceIds(ada.id(), list.id())).containsExactly(security.id(), developers.id());
        assertThat(subscribers.findByEmail("BOB@import.example")).isPresent();

        String report = mvc.perform(get("/api/imports/" + id + "/rejected.csv").with(admin()))
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

        // audited when queued, so who started it shows even if the server dies, and when it ended; the end is written
        // by the import's thread just after the import's record says DONE
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(jdbc.sql("select action, detail from audit_log where target_id = ? order by id")
                        .param("import-mixed").query((rs, n) -> rs.getString(1) + ": " + rs.getString(2)).list())
                        .containsExactly("subscriber.import.queue: import " + id + " queued file=mixed.csv rows=8",
                                "subscriber.import: import " + id + " done file=mixed.csv rows=8 created=3 updated=0"
                                        + " rejected=5"));
    }

    @Test
    void importingAgainUpdatesInsteadOfDuplicatingAndKeepsUnsubscribedPeopleUnsubscribed() throws Exception {
        NewsletterList list = list("import-again");
        long gone = subscribers.subscribe(list.id(), "gone@import.example", null, null, List.of(),
                SubscriptionStatus.UNSUBSCRIBED, java.time.Instant.parse("2026-11-02T00:00:00Z"));

        var first = importEnded(mvc.perform(post("/api/lists/import-again/imports").with(admin())
                .contentType("text/csv").content("email,name\nfresh@import.example,Fresh\ngone@import.example,Gone\n"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location"));
        assertThat(first.created()).isEqualTo(1);
        assertThat(first.updated()).isEqualTo(1);
        var second = importEnded(mvc.perform(post("/api/lists/import-again/imports").with(admin())
                .contentType("text/csv").content("email,name\nfresh@import.example,Fresh Name\n"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location"));
        assertThat(second.created()).isZero();
        assertThat(second.updated()).isEqualTo(1);

        assertThat(subscribers.findByEmail("fresh@import.example").orElseThrow().name()).isEqualTo("Fresh Name");
        assertThat(subscribers.statusOf(gone, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
    }

    @Test
    void refusesAFileThatIsNotCsvOrHasTheWrongHeaderAndChangesNothing() throws Exception {
        NewsletterList list = list("import-refused");
        long before = imports.recent(1).isEmpty() ? 0 : lastImportId();

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
        assertThat(imports.recent(1).isEmpty() ? 0 : lastImportId()).as("no import recorded").isEqualTo(before);
    }

    @Test
    void showsTheImportsProgressWhileItRunsThenItsFinalCounts() throws Exception {
        NewsletterList list = list("import-progress");
        int rows = 60_000;
        StringBuilder csv = new StringBuilder(rows * 32).append("email,name\n");
        for (int i = 0; i < rows; i++) {
            csv.append("p").append(i).append("@progress.example,Reader ").append(i).append('\n');
        }
        String location = mvc.perform(post("/api/lists/import-progress/imports").with(admin()).contentType("text/csv")
                .content(csv.toString())).andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");

        // what the import's page polls: counts that grow while the import runs, up to the file's total
        List<Long> seenWhileRunning = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20)).until(() -> {
            String json = mvc.perform(get("/admin/imports/" + location.substring(location.lastIndexOf('/') + 1)
                    + "/progress").with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                    .user(ADMIN).roles("ADMIN"))).andReturn().getResponse().getContentAsString();
            if (json.contains("\"status\":\"RUNNING\"")) {
                long read = com.jayway.jsonpath.JsonPath.<Number>read(json, "$.rowsRead").longValue();
                if (read > 0) {
                    seenWhileRunning.add(read);
                    assertThat(com.jayway.jsonpath.JsonPath.<Number>read(json, "$.percent").intValue())
                            .isEqualTo((int) (read * 100 / rows));
                }
            }
            return json.contains("\"ended\":true");
        });
        // every row may have been read before the import is marked done (its last batch's progress is written,
        // then it ends), so a running import may show all of them; what matters is that it showed fewer first
        assertThat(seenWhileRunning).as("rows read, as seen while running").isNotEmpty().isSorted()
                .allMatch(read -> read <= rows).anyMatch(read -> read < rows);

        mvc.perform(get(location).with(admin()))
                .andExpect(jsonPath("$.status").value("DONE"))
                .andExpect(jsonPath("$.rowsTotal").value(rows))
                .andExpect(jsonPath("$.rowsRead").value(rows))
                .andExpect(jsonPath("$.newSubscribers").value(rows))
                .andExpect(jsonPath("$.rejected").value(0));
        assertThat(subscribers.countActive(list.id())).isEqualTo(rows);
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
