package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.admin.AdminApiTestBase;
import app.recap.delivery.DeliveryRepository;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;

/** Previews, test sends, "run now" and the job history over REST, with a real SMTP server (GreenMail). */
@TestPropertySource(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=" + EditionsApiTests.SMTP_PORT,
        "spring.datasource.url=jdbc:h2:mem:editions-api;DB_CLOSE_DELAY=-1"})
class EditionsApiTests extends AdminApiTestBase {

    static final int SMTP_PORT = 3950;
    static GreenMail smtp;

    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired DeliveryRepository deliveries;

    TestWorld world;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void stories() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        world = new TestWorld(audiences, lists, subscribers, stories).withStories();
    }

    @Test
    void previewsAnAudienceCombinationAsTheEmailRendersWithScoresExplained() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("preview"), 2);

        mvc.perform(get("/api/lists/" + list.slug() + "/preview").param("week", TestWorld.WEEK)
                .param("audiences", "founders-investors", "developers-engineers").with(editor()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.week").value(TestWorld.WEEK))
                .andExpect(jsonPath("$.audiences[0]").value("founders-investors"))
                // the lead section every email opens with, then the two chosen audiences in their order
                .andExpect(jsonPath("$.sections", hasSize(3)))
                .andExpect(jsonPath("$.sections[0].lead").value(true))
                .andExpect(jsonPath("$.sections[1].audienceName").value("Founders & Investors"))
                .andExpect(jsonPath("$.sections[1].stories[0].score").isNumber())
                .andExpect(jsonPath("$.sections[1].stories[0].explanation").value(containsString("importance")))
                .andExpect(jsonPath("$.html").value(containsString("<h2")))
                .andExpect(jsonPath("$.text").value(containsString("== Founders & Investors ==")))
                .andExpect(jsonPath("$.text").value(containsString("== Developers & Engineers ==")));

        mvc.perform(get("/api/lists/" + list.slug() + "/preview").param("audiences", "astrology").with(editor()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.audiences").exists());
        mvc.perform(get("/api/lists/" + list.slug() + "/preview").param("week", "2026-W99").with(editor()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.week").exists());
    }

    @Test
    void sendsATestCopyComposedLikeTheRealMessage() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("test"), 1);

        mvc.perform(post("/api/lists/" + list.slug() + "/preview/test").with(editor())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"to\": \"proof@recap.example\", \"week\": \"" + TestWorld.WEEK
                        + "\", \"audiences\": [\"policy-legal-teams\"]}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.messageId").value(containsString("@recap.example>")));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        assertThat(received[0].getAllRecipients()[0].toString()).isEqualTo("proof@recap.example");
        assertThat(received[0].getSubject()).startsWith("[TEST] List " + list.slug());
        assertThat(received[0].getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        MimeMultipart parts = (MimeMultipart) received[0].getContent();
        assertThat((String) parts.getBodyPart(0).getContent()).contains("== Policy & Legal Teams ==")
                .doesNotContain("== Developers & Engineers ==");

        mvc.perform(post("/api/lists/" + list.slug() + "/preview/test").with(editor())
                .contentType(MediaType.APPLICATION_JSON).content("{\"to\": \"\"}"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void aTestCopysPersonalLinksOpenATestPageAndChangeNoSubscriber() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("testlinks"), 1);
        long reader = subscribers.findByEmail(list.slug() + "-reader0@example.com").orElseThrow().id();

        mvc.perform(post("/api/lists/" + list.slug() + "/preview/test").with(editor())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"to\": \"proof@recap.example\", \"week\": \"" + TestWorld.WEEK + "\"}"))
                .andExpect(status().isOk());
        MimeMessage copy = smtp.getReceivedMessages()[0];
        String text = (String) ((MimeMultipart) copy.getContent()).getBodyPart(0).getContent();
        java.util.Map<String, String> links = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("https://recap\\.example(/([upv])/[^\\s>\")#?]+)")
                .matcher(text + "\n" + copy.getHeader("List-Unsubscribe")[0]);
        while (m.find()) {
            links.putIfAbsent(m.group(2), m.group(1));
        }
        assertThat(links).containsKeys("u", "p", "v");

        for (String path : links.values()) {
            mvc.perform(get(path)).andExpect(status().isOk())
                    .andExpect(content().string(containsString("This was a test link")))
                    .andExpect(content().string(containsString("nothing was changed")))
                    .andExpect(content().string(containsString("List " + list.slug())));
        }
        // what would act: one-click unsubscribe (no CSRF token, RFC 8058), and the preference center's forms
        mvc.perform(post(links.get("u"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("This was a test link")));
        for (String action : List.of("/unsubscribe", "/pause", "/erase")) {
            mvc.perform(post(links.get("p") + action).param("weeks", "4").with(csrf()))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("This was a test link")));
        }
        mvc.perform(post(links.get("p") + "/data").with(csrf())).andExpect(status().isSeeOther());
        assertThat(subscribers.statusOf(reader, list.id())).contains(app.recap.subscriber.SubscriptionStatus.CONFIRMED);

        // the test reader is inside the signed payload: a token edited to name the real subscriber is refused
        String token = links.get("u").substring(3);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                java.nio.charset.StandardCharsets.US_ASCII);
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("u.0.", "u." + Long.toString(reader, 36) + ".").getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)) + token.substring(token.indexOf('.'));
        mvc.perform(post("/u/" + forged)).andExpect(status().isNotFound());
        assertThat(subscribers.statusOf(reader, list.id())).contains(app.recap.subscriber.SubscriptionStatus.CONFIRMED);
    }

    @Test
    void runsTheWeeklyJobNowAndShowsItInTheHistoryWithDeliveryCounts() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("run"), 3);

        mvc.perform(post("/api/lists/" + list.slug() + "/editions/" + TestWorld.WEEK + "/run").with(editor()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/lists/" + list.slug() + "/editions/" + TestWorld.WEEK + "/run").with(admin()))
                .andExpect(status().isAccepted());

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(smtp.getReceivedMessages()).hasSize(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                mvc.perform(get("/api/lists/" + list.slug() + "/editions").with(editor()))
                        .andExpect(jsonPath("$[0].status").value("COMPLETED"))
                        .andExpect(jsonPath("$[0].week").value(TestWorld.WEEK))
                        .andExpect(jsonPath("$[0].editionStatus").value("SENT"))
                        .andExpect(jsonPath("$[0].deliveries.SENT").value(3))
                        .andExpect(jsonPath("$[0].steps[*].name").value(org.hamcrest.Matchers.hasItems(
                                "collectStories", "rankStories", "buildEdition", "sendDigest", "finishEdition"))));
        List<String> recipients = List.of(smtp.getReceivedMessages()).stream()
                .map(m -> {
                    try {
                        return m.getAllRecipients()[0].toString();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
        assertThat(recipients).allMatch(r -> r.contains(list.slug() + "-reader"));
    }
}
