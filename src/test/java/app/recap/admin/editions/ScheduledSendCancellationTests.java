package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.admin.AdminApiTestBase;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.MutableClock;
import app.recap.support.TestWorld;

/**
 * Cancelling an edition's scheduled send from the edition page and the API: audited, said on the page, and kept
 * by the real scheduler (checking every 100 ms here), which sends a list beside it that was not cancelled.
 */
@TestPropertySource(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=" + ScheduledSendCancellationTests.SMTP_PORT,
        "recap.delivery.schedule-enabled=true", "recap.delivery.schedule-check=100ms",
        "spring.datasource.url=jdbc:h2:mem:schedule-cancel;DB_CLOSE_DELAY=-1"})
@Import(ScheduledSendCancellationTests.TestClock.class)
class ScheduledSendCancellationTests extends AdminApiTestBase {

    static final int SMTP_PORT = 3971;
    /** Monday of week 49, two hours before the week-48 editions' send time (08:00 in London). */
    static final Instant BEFORE_SEND = Instant.parse("2026-11-30T06:00:00Z");
    static GreenMail smtp;

    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Test
    void aCancelledScheduledSendIsNotSentWhileTheScheduleSendsTheOthers() throws Exception {
        clock.set(BEFORE_SEND);
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList cancelled = world.listWithSubscribers(unique("called-off"), 1);
        NewsletterList viaPage = world.listWithSubscribers(unique("page-off"), 1);
        NewsletterList control = world.listWithSubscribers(unique("goes-out"), 1);
        String api = "/api/editions/" + cancelled.slug() + "/" + TestWorld.WEEK + "/schedule";

        mvc.perform(get(api).with(editor())).andExpect(status().isOk())
                .andExpect(jsonPath("$.scheduled").value(true))
                .andExpect(jsonPath("$.scheduledAt").value("2026-11-30T08:00:00Z"))
                .andExpect(jsonPath("$.cancelledBy").doesNotExist());
        // it reaches (or spares) subscribers: ADMIN only
        mvc.perform(delete(api).with(editor())).andExpect(status().isForbidden());
        mvc.perform(delete(api).with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.scheduled").value(false))
                .andExpect(jsonPath("$.cancelledBy").value(ADMIN))
                .andExpect(jsonPath("$.cancelledAt").value("2026-11-30T06:00:00Z"));
        mvc.perform(delete(api).with(admin())).andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("already cancelled")));
        assertThat(audited(cancelled)).containsExactly("edition.schedule.cancel");

        // the page: a confirmation first, then the cancellation, then the page says so
        String page = "/admin/editions/" + viaPage.slug() + "/" + TestWorld.WEEK;
        mvc.perform(get(page).with(user(ADMIN).roles("ADMIN"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"cancel-schedule\"")));
        mvc.perform(get(page).with(user(EDITOR).roles("EDITOR"))).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"cancel-schedule\""))));
        mvc.perform(get(page + "/schedule/cancel").with(user(ADMIN).roles("ADMIN"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("Cancel the scheduled send of Monday 30 November 2026, 08:00")));
        mvc.perform(post(page + "/schedule/cancel").with(user(ADMIN).roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl(page + "/schedule/cancel"));
        mvc.perform(post(page + "/schedule/cancel").param("confirmed", "yes").with(user(ADMIN).roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl(page))
                .andExpect(flash().attribute("message", containsString("Scheduled send cancelled")));
        mvc.perform(get(page).with(user(ADMIN).roles("ADMIN"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("was cancelled by " + ADMIN)))
                .andExpect(content().string(containsString("id=\"restore-schedule\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("id=\"cancel-schedule\""))));
        // put back, then cancelled again through the API
        mvc.perform(post(page + "/schedule/restore").with(user(ADMIN).roles("ADMIN")).with(csrf()))
                .andExpect(flash().attribute("message", "Back on the schedule."));
        mvc.perform(get("/api/editions/" + viaPage.slug() + "/" + TestWorld.WEEK + "/schedule").with(admin()))
                .andExpect(jsonPath("$.scheduled").value(true));
        mvc.perform(put("/api/editions/" + viaPage.slug() + "/" + TestWorld.WEEK + "/schedule").with(admin()))
                .andExpect(status().isConflict());
        assertThat(audited(viaPage)).containsExactly("edition.schedule.cancel", "edition.schedule.restore");
        mvc.perform(delete("/api/editions/" + viaPage.slug() + "/" + TestWorld.WEEK + "/schedule").with(admin()))
                .andExpect(status().isOk());

        // the send time passes: the schedule sends the list nobody cancelled, and neither of the others
        clock.set(Instant.parse("2026-11-30T08:05:00Z"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(recipients())
                .contains(control.slug() + "-reader0@example.com"));
        Thread.sleep(1_000);
        assertThat(recipients()).doesNotContain(cancelled.slug() + "-reader0@example.com",
                viaPage.slug() + "-reader0@example.com");
        assertThat(editionRows(cancelled)).isZero();
        mvc.perform(get(api).with(admin())).andExpect(jsonPath("$.scheduled").value(false));
        // past its send time nothing is left to cancel
        mvc.perform(delete("/api/editions/" + control.slug() + "/" + TestWorld.WEEK + "/schedule").with(admin()))
                .andExpect(status().isConflict());
    }

    private List<String> recipients() {
        return List.of(smtp.getReceivedMessages()).stream().map(m -> {
            try {
                return m.getAllRecipients()[0].toString();
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private long editionRows(NewsletterList list) {
        return jdbc.sql("select count(*) from delivery d join edition e on e.id = d.edition_id where e.list_id = ?")
                .param(list.id()).query(Long.class).single();
    }

    private List<String> audited(NewsletterList list) {
        return jdbc.sql("select action from audit_log where target_id = ? order by id")
                .param(list.slug() + "/" + TestWorld.WEEK).query(String.class).list();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {

        @Bean
        @Primary
        MutableClock scheduleTestClock() {
            return new MutableClock(BEFORE_SEND);
        }
    }
}
