package app.recap.admin.bounces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.admin.AdminApiTestBase;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Subscriptions;
import app.recap.support.TestWorld;
import app.recap.tracking.EditionBounces;
import app.recap.tracking.EditionSends;

/**
 * The bounce screens and the subscriber page over a list with two sent editions whose bounce log holds hard and
 * soft bounces, a complaint and a run of auto-replies: filters, paging by key, the rates against the 2% and 0.3%
 * lines, the edition report's figures, and what a subscriber's page shows of their mail.
 */
class BounceScreensTests extends AdminApiTestBase {

    static final IsoWeek W47 = IsoWeek.parse("2026-W47");
    static final IsoWeek W48 = IsoWeek.parse("2026-W48");
    static final int READERS = 60;
    static final int AUTO_REPLIES = 55;

    @Autowired SubscriberRepository subscribers;
    @Autowired app.recap.admin.AdminTimes times;
    @Autowired StoryRepository stories;
    @Autowired EditionRepository editions;
    @Autowired Subscriptions subscriptions;
    @Autowired EditionBounces editionBounces;
    @Autowired EditionSends editionSends;
    @Autowired JdbcClient jdbc;
    @Autowired Clock clock;

    record Sent(NewsletterList list, long w47, long w48) {
        String email(int i) {
            return list.slug() + "-reader" + i + "@example.com";
        }
    }

    static RequestPostProcessor adminUser() {
        return user(ADMIN).roles("ADMIN");
    }

    @Test
    void theLogFiltersByTypeListAndEditionAndPagesByKey() throws Exception {
        Sent sent = sentWithBounces(unique("bouncelog"));

        String hard = page("/admin/bounces?type=hard&list=" + sent.list().slug());
        assertThat(count(hard, "data-type=\"hard\"")).isEqualTo(1);
        assertThat(count(hard, "data-type=")).isEqualTo(1);
        assertThat(hard).contains(sent.email(0), "user unknown", "5.1.1",
                "/admin/editions/" + sent.list().slug() + "/2026-W47");

        String complaints = page("/admin/bounces?type=complaint&list=" + sent.list().slug());
        assertThat(count(complaints, "data-type=\"complaint\"")).isEqualTo(1);
        assertThat(complaints).contains(sent.email(2));

        // W47 has 1 hard + 1 soft + 1 complaint + 55 auto-replies: 50 on the first page, 8 after it
        String first = page("/admin/bounces?list=" + sent.list().slug() + "&week=2026-w47");
        assertThat(count(first, "data-type=")).isEqualTo(BounceScreens.PAGE_SIZE);
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first);
        assertThat(next.find()).isTrue();
        String second = page(next.group(1).replace("&amp;", "&"));
        assertThat(count(second, "data-type=")).isEqualTo(3 + AUTO_REPLIES - BounceScreens.PAGE_SIZE);
        assertThat(second).doesNotContain("id=\"next-page\"");

        String w48 = page("/admin/bounces?list=" + sent.list().slug() + "&week=2026-W48");
        assertThat(count(w48, "data-type=")).isEqualTo(1);
        assertThat(w48).contains(sent.email(3), "mailbox full");

        // a filter that cannot be read keeps the form and says why
        assertThat(page("/admin/bounces?week=2026-W47")).contains("choose the list").contains("id=\"no-bounces\"");
    }

    @Test
    void ratesPerEditionAreMeasuredAgainstTheProvidersLines() throws Exception {
        Sent sent = sentWithBounces(unique("rates"));

        String html = page("/admin/bounces/rates?list=" + sent.list().slug());

        // W47: 2 bounces and 1 complaint of 60 delivered, over both lines; W48: 1 of 60, under the 2% line
        assertThat(html).contains("data-week=\"2026-W47\" data-bounce=\"3.333\" data-complaint=\"1.667\"")
                .contains("data-week=\"2026-W48\" data-bounce=\"1.667\" data-complaint=\"0.000\"")
                .contains("<td class=\"num over\">3.33 %</td>", "<td class=\"num over\">1.67 %</td>")
                .contains("<td class=\"num\">1.67 %</td>", "<td class=\"num\">0.00 %</td>")
                .contains("data-line=\"2.00\"", "data-line=\"0.30\"", "id=\"chart-bounce-rate\"",
                        "id=\"chart-complaint-rate\"")
                .doesNotContain(" style=");
        assertThat(html.indexOf("2026-W47")).isLessThan(html.indexOf("2026-W48"));

        // the edition report hears the same log, and a message bounced later still counts as sent
        assertThat(editionBounces.counts(sent.w47())).isEqualTo(new EditionBounces.Counts(1, 1, 1));
        assertThat(editionSends.figures(sent.w47()).sent()).isEqualTo(READERS);
    }

    @Test
    void theBounceScreensAreForAdministratorsAndLinkedFromTheNavigation() throws Exception {
        mvc.perform(get("/admin/bounces").with(user(EDITOR).roles("EDITOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/bounces/rates").with(user(EDITOR).roles("EDITOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/lists").with(adminUser()))
                .andExpect(content().string(containsString("href=\"/admin/bounces\"")));
        mvc.perform(get("/admin/lists").with(user(EDITOR).roles("EDITOR")))
                .andExpect(content().string(not(containsString("href=\"/admin/bounces\""))));
    }

    @Test
    void aSubscribersPageShowsTheirDeliveriesBouncesPauseAndClicks() throws Exception {
        Sent sent = sentWithBounces(unique("activity"));
        jdbc.sql("update newsletter_list set tracking = 'SUBSCRIBER' where id = ?").param(sent.list().id()).update();
        long reader0 = subscribers.findByEmail(sent.email(0)).orElseThrow().id();
        var story = jdbc.sql("""
                select id, title from story where title not like '%&%' and title not like '%''%'
                and title not like '%"%' and title not like '%<%' order by id fetch first 1 rows only""")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
        Instant until = clock.instant().plus(Duration.ofDays(14));
        subscriptions.pause(reader0, sent.list().id(), until, clock.instant());
        jdbc.sql("""
                insert into tracking_event (kind, edition_id, segment_key, story_id, delivery_id, subscriber_id,
                    occurred_at) values ('CLICK', ?, '', ?, null, ?, ?)""")
                .params(sent.w48(), story[0], reader0, Instant.parse("2026-11-30T10:00:00Z").atOffset(ZoneOffset.UTC))
                .update();

        String html = page("/admin/subscribers/" + reader0);

        assertThat(html).contains("id=\"deliveries\"", sent.list().slug() + " 2026-W47", sent.list().slug() + " 2026-W48",
                ">BOUNCED<", ">SENT<")
                .contains("id=\"subscriber-bounces\"", "Hard bounce", "user unknown")
                .contains(sent.list().slug() + ": paused until " + times.at(until))
                .contains("id=\"clicks\"", (String) story[1], times.at(Instant.parse("2026-11-30T10:00:00Z")))
                .doesNotContain("id=\"clicks-anonymous\"");

        // another list's reader, counted anonymously: nothing bounced, nothing paused, no clicks to show
        Sent other = sentWithBounces(unique("quiet"));
        long reader9 = subscribers.findByEmail(other.email(9)).orElseThrow().id();
        assertThat(page("/admin/subscribers/" + reader9)).contains("id=\"no-pause\"", "id=\"clicks-anonymous\"",
                "Nothing came back about this subscriber").doesNotContain("id=\"subscriber-bounces\"");
    }

    /**
     * A list of 60 readers with W47 and W48 sent to all: in W47 reader0 bounced hard, reader1 soft, reader2
     * complained and reader4 answered 55 times from holiday; in W48 reader3's mailbox was full.
     */
    private Sent sentWithBounces(String slug) {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories()
                .listWithSubscribers(slug, READERS);
        long w47 = sentEdition(list, W47);
        long w48 = sentEdition(list, W48);
        Sent sent = new Sent(list, w47, w48);
        Instant at = Instant.parse("2026-11-24T09:00:00Z");
        bounce(sent, w47, 0, "HARD", "5.1.1", "user unknown", "550 5.1.1 user unknown", at, "BOUNCED");
        bounce(sent, w47, 1, "SOFT", "4.2.2", "mailbox full", "452 4.2.2 mailbox full", at, "BOUNCED");
        bounce(sent, w47, 2, "COMPLAINT", null, "complaint", null, at, "COMPLAINED");
        for (int i = 0; i < AUTO_REPLIES; i++) {
            bounce(sent, w47, 4, "AUTO_REPLY", null, "out of office", null, at.plusSeconds(i), null);
        }
        bounce(sent, w48, 3, "SOFT", "4.2.2", "mailbox full", "452 4.2.2 mailbox full", at.plus(Duration.ofDays(7)),
                "BOUNCED");
        return sent;
    }

    private long sentEdition(NewsletterList list, IsoWeek week) {
        Instant at = week.monday().atTime(8, 0).toInstant(ZoneOffset.UTC);
        long id = editions.findOrCreate(list.id(), week, at).id();
        editions.setStatus(id, EditionStatus.SENT, null, at);
        jdbc.sql("""
                insert into delivery (edition_id, subscriber_id, status, attempts, created_at, sent_at)
                select ?, s.subscriber_id, 'SENT', 1, ?, ? from subscription s
                where s.list_id = ? and s.status = 'CONFIRMED'""")
                .params(id, at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), list.id()).update();
        return id;
    }

    /** One logged event, its delivery marked as the bounce module marks it (unless {@code mark} is null). */
    private void bounce(Sent sent, long editionId, int reader, String type, String statusCode, String reason,
            String diagnostic, Instant at, String mark) {
        long subscriberId = subscribers.findByEmail(sent.email(reader)).orElseThrow().id();
        long deliveryId = jdbc.sql("select id from delivery where edition_id = ? and subscriber_id = ?")
                .params(editionId, subscriberId).query(Long.class).single();
        jdbc.sql("""
                insert into bounce_event (event_key, source, type, recipient, status, reason, diagnostic, delivery_id,
                    subscriber_id, edition_id, list_id, received_at) values (?, 'mailbox', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params("test:" + sent.list().slug() + ":" + editionId + ":" + reader + ":" + at, type,
                        sent.email(reader), statusCode, reason, diagnostic, deliveryId, subscriberId, editionId,
                        sent.list().id(), at.atOffset(ZoneOffset.UTC))
                .update();
        if (mark != null) {
            jdbc.sql("update delivery set status = ? where id = ?").params(mark, deliveryId).update();
        }
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(adminUser())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
