package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

/**
 * The four CSV downloads (subscriber export and import report, each from the UI and the API), byte for byte
 * with their headers, as a spreadsheet or a script receives them.
 */
class CsvDownloadTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;

    @Test
    void theSubscriberExportIsTheSameFileFromTheScreenAndTheApi() throws Exception {
        NewsletterList list = list(unique("csv-export"));
        String ada = unique("ada") + "@csv.example";
        String bob = unique("bob") + "@csv.example";
        subscribers.subscribe(list.id(), ada, "Ada, \"the first\"", null, List.of(developers.id(), security.id()),
                SubscriptionStatus.CONFIRMED, Instant.parse("2026-11-02T08:00:00Z"));
        subscribers.subscribe(list.id(), bob, "=HYPERLINK(\"x\")", null, List.of(), SubscriptionStatus.UNCONFIRMED,
                Instant.parse("2026-11-03T09:30:00Z"));
        String expected = "email,name,subscriber_status,created_at,list,status,audiences\r\n"
                + ada + ",\"Ada, \"\"the first\"\"\",ENABLED,2026-11-02T08:00:00Z," + list.slug()
                + ",CONFIRMED,developers-engineers;enterprise-security-teams\r\n"
                + bob + ",\"'=HYPERLINK(\"\"x\"\")\",ENABLED,2026-11-03T09:30:00Z," + list.slug() + ",UNCONFIRMED,\r\n";

        for (MockHttpServletResponse download : List.of(
                download("/admin/subscribers/export.csv?list=" + list.slug(), adminUser()),
                download("/api/subscribers/export.csv?list=" + list.slug(), admin()))) {
            assertThat(download.getHeader("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
            assertThat(download.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"subscribers.csv\"");
            assertThat(download.getContentAsByteArray()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void theImportReportIsTheSameFileFromTheScreenAndTheApi() throws Exception {
        NewsletterList list = list(unique("csv-import"));
        var file = new MockMultipartFile("file", "people.csv", "text/csv",
                "email,name,audiences\nfine@csv.example,Fine,\nbroken,Zoë Broken,\nother@csv.example,Other,astrology\n"
                        .getBytes(StandardCharsets.UTF_8));
        String location = mvc.perform(multipart("/api/lists/" + list.slug() + "/imports").file(file).with(admin()))
                .andExpect(status().isAccepted())
                .andReturn().getResponse().getHeader("Location");
        importEnded(location);
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String expected = "row,email,name,audiences,reason\r\n"
                + "3,broken,Zoë Broken,,not a valid email address\r\n"
                + "4,other@csv.example,Other,astrology,\"unknown audience \"\"astrology\"\"\"\r\n";

        for (MockHttpServletResponse download : List.of(download("/admin/imports/" + id + "/rejected.csv", adminUser()),
                download("/api/imports/" + id + "/rejected.csv", admin()))) {
            assertThat(download.getHeader("Content-Type")).isEqualTo("text/csv;charset=UTF-8");
            assertThat(download.getHeader("Content-Disposition"))
                    .isEqualTo("attachment; filename=\"import-" + id + "-rejected.csv\"");
            assertThat(download.getContentAsByteArray()).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    private MockHttpServletResponse download(String url, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(url).with(who)).andExpect(status().isOk()).andReturn().getResponse();
    }

    private static RequestPostProcessor adminUser() {
        return user(ADMIN).roles("ADMIN");
    }
}
