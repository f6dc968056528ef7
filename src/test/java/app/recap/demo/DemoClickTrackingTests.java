package app.recap.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import app.recap.support.DemoEditionTestBase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 13's check on a fresh demo: a story link in a digest the demo wrote goes through {@code /r/{token}}, a GET
 * of it redirects to the stored story and counts as a reader's click in the edition report, and a HEAD of it (what
 * link scanners send) is answered the same way but counts only as a machine's.
 */
class DemoClickTrackingTests extends DemoEditionTestBase {

    private static final Pattern TRACKED = Pattern.compile("href=\"(https?://[^\"]*?(/r/[A-Za-z0-9_-]+))\"");
    private static final String BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140 Safari/537.36";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Value("${recap.tracking.scanner-window}") Duration scannerWindow;

    @Test
    void followingADigestsStoryLinkRedirectsAndCountsWhileAHeadDoesNot() throws Exception {
        MimeMessage message = outbox().get(0);
        Matcher link = TRACKED.matcher(html(message));
        assertThat(link.find()).as("a tracked story link in the demo digest").isTrue();
        String path = URI.create(link.group(1)).getRawPath();
        // a click within the scanner window of composing is a mail gateway's, by rule: wait until it has passed
        Instant readable = message.getSentDate().toInstant().plus(scannerWindow).plusSeconds(1);
        long wait = Duration.between(Instant.now(), readable).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        JsonNode before = report();

        MockHttpServletResponse scanned = mvc.perform(head(path).header("User-Agent", BROWSER))
                .andExpect(status().isFound()).andReturn().getResponse();
        JsonNode afterHead = report();
        MockHttpServletResponse followed = mvc.perform(get(path).header("User-Agent", BROWSER))
                .andExpect(status().isFound()).andReturn().getResponse();
        JsonNode afterGet = report();

        String story = followed.getHeader("Location");
        assertThat(scanned.getHeader("Location")).isEqualTo(story);
        assertThat(jdbc.sql("select count(*) from story where url = ?").param(story).query(Long.class).single())
                .as("the redirect leads to a stored story").isEqualTo(1);
        assertThat(afterHead.get("readerClicks").asLong()).isEqualTo(before.get("readerClicks").asLong());
        assertThat(afterHead.get("machineClicks").asLong()).isEqualTo(before.get("machineClicks").asLong() + 1);
        assertThat(afterGet.get("readerClicks").asLong()).isEqualTo(before.get("readerClicks").asLong() + 1);
        assertThat(afterGet.get("machineClicks").asLong()).isEqualTo(afterHead.get("machineClicks").asLong());
        long storyId = jdbc.sql("select id from story where url = ?").param(story).query(Long.class).single();
        assertThat(clicksOf(afterGet, storyId)).isEqualTo(clicksOf(before, storyId) + 1);
    }

    private JsonNode report() throws Exception {
        String body = mvc.perform(get("/api/editions/" + LIST + "/" + WEEK + "/report")
                        .with(httpBasic(ADMIN, ADMIN_PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return json.readTree(body);
    }

    /** Reader clicks of one story over every section that showed it. */
    private static long clicksOf(JsonNode report, long storyId) {
        long clicks = 0;
        for (JsonNode section : report.get("sections")) {
            for (JsonNode story : section.get("stories")) {
                if (story.get("storyId").asLong() == storyId) {
                    clicks += story.get("readerClicks").asLong();
                }
            }
        }
        return clicks;
    }

    private static String html(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/html")) {
            return (String) part.getContent();
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = html(multipart.getBodyPart(i));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
