package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.admin.AdminApiTestBase;
import app.recap.admin.AuditLog;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.EditionSteering;
import app.recap.edition.IsoWeek;
import app.recap.ranking.RankedStory;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;
import app.recap.story.Tldr;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;

/**
 * The edition page and the run endpoint tell the truth: a run answers 202 only when it starts and 409 with the
 * reason otherwise; a week skipped as thin is sent once it was filled; an editor's pins, drops, note and subject
 * show in the preview at once, are audited, go out in the email and are frozen once sending starts. Same context
 * as {@link EditionsApiTests} (same properties), with its SMTP server.
 */
@TestPropertySource(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=" + EditionsApiTests.SMTP_PORT,
        "spring.datasource.url=jdbc:h2:mem:editions-api;DB_CLOSE_DELAY=-1"})
class EditionDeskTests extends AdminApiTestBase {

    static GreenMail smtp;

    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired EditionRepository editions;
    @Autowired EditionSteering steering;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AuditLog audit;
    @Autowired EditionRuns runs;
    @Autowired PlatformTransactionManager transactions;
    @Autowired EditionBuilder builder;

    TestWorld world;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(EditionsApiTests.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
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

    static RequestPostProcessor adminUser() {
        return user(ADMIN).roles("ADMIN");
    }

    static RequestPostProcessor editorUser() {
        return user(EDITOR).roles("EDITOR");
    }

    @Test
    void runAnswers202OnlyWhenARunStartsAnd409WithTheReasonForAnEditionAlreadySent() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("truth"), 2);
        String run = "/api/lists/" + list.slug() + "/editions/" + TestWorld.WEEK + "/run";

        mvc.perform(post(run).with(admin()))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.run").value("SEND"))
                .andExpect(jsonPath("$.reach").value(2));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(smtp.getReceivedMessages()).hasSize(2));
        await().atMost(Duration.ofSeconds(30)).until(() -> edition(list, TestWorld.WEEK).status() == EditionStatus.SENT
                && runs.runningNow(list, IsoWeek.parse(TestWorld.WEEK)) == null);

        mvc.perform(post(run).with(admin()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("was already sent (2 sent, 0 failed)")));
        mvc.perform(post("/api/editions/" + list.slug() + "/" + TestWorld.WEEK + "/send").with(admin()))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/editions/" + list.slug() + "/" + TestWorld.WEEK + "/resend-failed").with(admin()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("nothing to resend")));
        // nothing more went out, and the page says what happened and offers no send
        assertThat(smtp.getReceivedMessages()).hasSize(2);
        mvc.perform(get("/admin/editions/" + list.slug() + "/" + TestWorld.WEEK).with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-phase=\"SENT\"")))
                .andExpect(content().string(not(containsString("id=\"send\""))));
        // the old "Run now" form leads to the confirmation step, which refuses with the reason
        mvc.perform(post("/admin/editions/run").param("list", list.slug()).param("week", TestWorld.WEEK)
                .with(adminUser()).with(csrf()))
                .andExpect(redirectedUrl("/admin/editions/" + list.slug() + "/" + TestWorld.WEEK + "/send"));
        mvc.perform(get("/admin/editions/" + list.slug() + "/" + TestWorld.WEEK + "/send").with(adminUser()))
                .andExpect(content().string(containsString("was already sent")))
                .andExpect(content().string(not(containsString("id=\"confirm-send\""))));
    }

    @Test
    void aWeekSkippedAsThinShowsItsReasonAndIsSentOnceStoriesHaveArrived() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("thin"), 1);
        String week = "2025-W10";
        IsoWeek isoWeek = IsoWeek.parse(week);
        addStories(isoWeek, 0, 2);
        weeklyDigest.run(list.slug(), isoWeek);
        Edition skipped = edition(list, week);
        assertThat(skipped.status()).isEqualTo(EditionStatus.SKIPPED);
        assertThat(skipped.note()).startsWith("thin week: 2 of 2");

        String page = "/admin/editions/" + list.slug() + "/" + week;
        mvc.perform(get(page).with(adminUser()))
                .andExpect(content().string(containsString("data-phase=\"SKIPPED\"")))
                .andExpect(content().string(containsString("thin week: 2 of 2 collected stories")));
        // previewing a skipped edition leaves it skipped
        mvc.perform(get("/api/lists/" + list.slug() + "/preview").param("week", week).with(editor()))
                .andExpect(jsonPath("$.editionStatus").value("SKIPPED"));

        String run = "/api/lists/" + list.slug() + "/editions/" + week + "/run";
        mvc.perform(post(run).with(admin()))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("would not be sent: thin week")));
        assertThat(edition(list, week).status()).isEqualTo(EditionStatus.SKIPPED);

        addStories(isoWeek, 2, 6);
        mvc.perform(post(page + "/build").with(editorUser()).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(edition(list, week).status()).isEqualTo(EditionStatus.RANKED);
        mvc.perform(get(page).with(adminUser()))
                .andExpect(content().string(containsString("data-phase=\"BUILT\"")))
                .andExpect(content().string(containsString("id=\"send\"")));

        mvc.perform(post(run).with(admin())).andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(smtp.getReceivedMessages()).hasSize(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> edition(list, week).status() == EditionStatus.SENT);
    }

    @Test
    void anEditorSteersTheEditionSeenInThePreviewAtOnceAuditedSentAndFrozenOnceSendingStarts() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("steer"), 1);
        String page = "/admin/editions/" + list.slug() + "/" + TestWorld.WEEK;
        mvc.perform(post(page + "/build").with(editorUser()).with(csrf())).andExpect(status().is3xxRedirection());
        Edition edition = edition(list, TestWorld.WEEK);
        List<Long> lead = editions.lead(edition.id()).stream().map(RankedStory::storyId).toList();
        long pinned = lead.get(lead.size() - 1);
        long dropped = lead.get(0);
        String droppedTitle = stories.findAllById(List.of(dropped)).get(0).title();

        mvc.perform(post(page + "/picks").param("story", String.valueOf(pinned)).param("action", "PIN")
                .param("section", "top-stories").with(editorUser()).with(csrf()))
                .andExpect(flash().attribute("message", containsString("Pinned")));
        mvc.perform(post(page + "/picks").param("story", String.valueOf(dropped)).param("action", "DROP")
                .with(editorUser()).with(csrf()))
                .andExpect(flash().attribute("message", containsString("Dropped")));
        mvc.perform(post(page + "/editorial").with(editorUser()).with(csrf())
                .param("note", "**Read** this first <script>alert(1)</script> [trap](javascript:alert(1)) and"
                        + " [the docs](https://docs.example/guide).")
                .param("subject", "Our pick of the week"))
                .andExpect(flash().attribute("message", containsString("saved")));

        mvc.perform(get("/api/lists/" + list.slug() + "/preview").param("week", TestWorld.WEEK).with(editor()))
                .andExpect(jsonPath("$.subject").value("Our pick of the week"))
                .andExpect(jsonPath("$.sections[0].stories[0].id").value(pinned))
                .andExpect(jsonPath("$.sections[0].stories[0].why").value(containsString("pinned by an editor")))
                .andExpect(jsonPath("$.sections[*].stories[*].id").value(not(org.hamcrest.Matchers.hasItem(
                        (int) dropped))))
                .andExpect(jsonPath("$.html").value(containsString("<strong>Read</strong> this first")))
                .andExpect(jsonPath("$.html").value(containsString("href=\"https://docs.example/guide\"")))
                .andExpect(jsonPath("$.html").value(not(containsString("<script"))))
                .andExpect(jsonPath("$.html").value(not(containsString("javascript:"))))
                .andExpect(jsonPath("$.text").value(containsString("Read this first")));
        mvc.perform(get(page).with(editorUser()))
                .andExpect(content().string(containsString("pinned by an editor")))
                .andExpect(content().string(containsString("dropped by an editor")));
        assertThat(audit.recent(null, 50)).extracting(AuditLog.Entry::action)
                .contains("edition.build", "edition.pin", "edition.drop", "edition.editorial");

        // an editor cannot send; an admin confirms first, with the reach in words
        mvc.perform(get(page + "/send").with(editorUser())).andExpect(status().isForbidden());
        mvc.perform(post(page + "/send").with(adminUser()).with(csrf()))
                .andExpect(redirectedUrl(page + "/send"));
        assertThat(smtp.getReceivedMessages()).isEmpty();
        mvc.perform(get(page + "/send").with(adminUser()))
                .andExpect(content().string(containsString("Send to 1 subscriber?")));
        mvc.perform(post(page + "/send").param("confirmed", "yes").with(adminUser()).with(csrf()))
                .andExpect(flash().attribute("message", containsString("Sending started: 1 subscriber")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(smtp.getReceivedMessages()).hasSize(1));

        MimeMessage sent = smtp.getReceivedMessages()[0];
        assertThat(sent.getSubject()).isEqualTo("Our pick of the week");
        MimeMultipart parts = (MimeMultipart) sent.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        assertThat(text).contains("Read this first").doesNotContain(droppedTitle);

        await().atMost(Duration.ofSeconds(30)).until(() -> edition(list, TestWorld.WEEK).status().contentFrozen());
        mvc.perform(post(page + "/picks").param("story", String.valueOf(pinned)).param("action", "CLEAR")
                .with(editorUser()).with(csrf()))
                .andExpect(flash().attribute("error", containsString("can no longer change")));
        assertThat(steering.of(edition.id()).picks()).hasSize(2);
        org.junit.jupiter.api.Assertions.assertThrows(EditionSteering.Frozen.class,
                () -> steering.drop(edition.id(), pinned, "someone"));
    }

    @Test
    void aPreviewOpenedWhileASendFreezesTheEditionWaitsForItAndLeavesTheFrozenContentAlone() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("race"), 1);
        String page = "/admin/editions/" + list.slug() + "/" + TestWorld.WEEK;
        mvc.perform(post(page + "/build").with(editorUser()).with(csrf())).andExpect(status().is3xxRedirection());
        Edition edition = edition(list, TestWorld.WEEK);
        List<Long> lead = editions.lead(edition.id()).stream().map(RankedStory::storyId).toList();

        // the send's freeze, as EditionDelivery.start does it, held open while the edition page's email frame (which
        // rebuilds an edition not yet frozen) is asked for
        CountDownLatch frozen = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread send = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            assertThat(editions.lockOpen(edition.id())).isTrue();
            editions.setStatus(edition.id(), EditionStatus.SENDING, null, Instant.now());
            frozen.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        send.start();
        frozen.await();
        var preview = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                mvc.perform(get("/admin/editions/email").param("list", list.slug()).param("week", TestWorld.WEEK)
                        .with(editorUser())).andExpect(status().isOk());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300); // the preview is waiting for the edition's lock by now
        release.countDown();
        send.join();
        preview.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(edition(list, TestWorld.WEEK).status()).isEqualTo(EditionStatus.SENDING);
        assertThat(editions.lead(edition.id())).extracting(RankedStory::storyId).isEqualTo(lead);
        assertThat(editions.lockOpen(edition.id())).as("frozen: no lock for a change").isFalse();
    }

    @Test
    void whileARunHoldsTheListsEditionsAPreviewShowsThemAsTheRunBuiltThemAndABuildIsRefused() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("held"), 1);
        String week = "2025-W11";
        IsoWeek isoWeek = IsoWeek.parse(week);
        addStories(isoWeek, 0, 5);
        String page = "/admin/editions/" + list.slug() + "/" + week;
        mvc.perform(post(page + "/build").with(editorUser()).with(csrf())).andExpect(status().is3xxRedirection());
        assertThat(edition(list, week).storyCount()).isEqualTo(5);
        int lead = editions.leadCount(edition(list, week).id());
        addStories(isoWeek, 5, 6);

        // a run between its ranking and its decision to send: the page's email frame must not build again
        try (EditionBuilder.RunHold run = builder.holdForRun(list, isoWeek)) {
            mvc.perform(get("/admin/editions/email").param("list", list.slug()).param("week", week)
                    .with(editorUser())).andExpect(status().isOk());
            assertThat(edition(list, week).storyCount()).as("left as the run built it").isEqualTo(5);
            assertThat(editions.leadCount(edition(list, week).id())).isEqualTo(lead);
            mvc.perform(post(page + "/build").with(editorUser()).with(csrf()))
                    .andExpect(flash().attribute("error", containsString("is building or sending it now")));
            assertThat(edition(list, week).storyCount()).isEqualTo(5);
            // another week of the same list is not held
            addStories(IsoWeek.parse("2025-W13"), 0, 1);
            mvc.perform(get("/admin/editions/email").param("list", list.slug()).param("week", "2025-W13")
                    .with(editorUser())).andExpect(status().isOk());
            assertThat(edition(list, "2025-W13").storyCount()).isEqualTo(1);
        }
        mvc.perform(get("/admin/editions/email").param("list", list.slug()).param("week", week)
                .with(editorUser())).andExpect(status().isOk());
        assertThat(edition(list, week).storyCount()).as("built again once the run let go").isEqualTo(6);
    }

    @Test
    void aRunWaitsForABuildGoingOnAndThenSends() throws Exception {
        NewsletterList list = world.listWithSubscribers(unique("waits"), 1);
        String week = "2025-W12";
        IsoWeek isoWeek = IsoWeek.parse(week);
        addStories(isoWeek, 0, 5);

        // the build lock taken as a preview's build takes it (the same lock a run takes)
        EditionBuilder.RunHold preview = builder.holdForRun(list, isoWeek);
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return weeklyDigest.sendNow(list.slug(), isoWeek);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(500);
        assertThat(run).as("the run waits for the build").isNotDone();
        assertThat(editions.find(list.id(), isoWeek)).as("nothing collected yet").isEmpty();
        preview.close();
        assertThat(run.get(60, java.util.concurrent.TimeUnit.SECONDS).editionStatus()).isEqualTo("SENT");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    private Edition edition(NewsletterList list, String week) {
        return editions.find(list.id(), IsoWeek.parse(week)).orElseThrow();
    }

    /** Stories {@code from}..{@code to}-1 published in {@code week}, relevant to the first audience. */
    private void addStories(IsoWeek week, int from, int to) {
        Instant monday = week.monday().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().plusSeconds(12 * 3600);
        for (int i = from; i < to; i++) {
            stories.save(new IncomingStory("https://news.example/" + week + "/thin-" + i,
                    new String[] {"Acme ships a faster inference chip", "Court rules on model licensing",
                            "Agents learn to file expense reports", "Vision benchmark gets a hard new split",
                            "Warehouse robots double their pick rate", "Research council opens compute grants"}[i],
                    "Summary " + i + ".", "Wire One", null, monday.plusSeconds(3600L * i),
                    new Tldr("Change " + i + ".", null, null), List.of(),
                    List.of(new AudienceWeight(TestWorld.AUDIENCES[0][1], 0.9)), 0.7, false), monday);
        }
    }
}
