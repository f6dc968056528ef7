package app.recap.admin.editions;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.admin.AdminApiTestBase;
import app.recap.delivery.DeliveryStatus;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

/**
 * A send's progress as the edition page and {@code GET /api/editions/{list}/{week}/progress} show it, read from the
 * delivery log: counts by status, the rate over the last minute and the time left at that rate.
 */
class EditionProgressTests extends AdminApiTestBase {

    @Autowired EditionRepository editions;
    @Autowired SubscriberRepository subscribers;
    @Autowired JdbcClient jdbc;

    private Edition sendingEdition(NewsletterList list, IsoWeek week) {
        Edition edition = editions.findOrCreate(list.id(), week, Instant.now());
        editions.setStatus(edition.id(), EditionStatus.SENDING, null, Instant.now());
        return edition;
    }

    /** {@code count} deliveries with the status, sent {@code sentAgo} ago (if sent), held until {@code after}. */
    private void deliveries(NewsletterList list, Edition edition, int count, DeliveryStatus status, Duration sentAgo,
            Instant after) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            long id = subscribers.subscribe(list.id(), unique("p") + "@example.com", null, null, List.of(),
                    SubscriptionStatus.CONFIRMED, now);
            jdbc.sql("""
                    insert into delivery (edition_id, subscriber_id, status, attempts, created_at, sent_at, send_after)
                    values (?, ?, ?, 1, ?, ?, ?)""")
                    .params(edition.id(), id, status.name(), now.atOffset(ZoneOffset.UTC),
                            sentAgo == null ? null : now.minus(sentAgo).atOffset(ZoneOffset.UTC),
                            after == null ? null : after.atOffset(ZoneOffset.UTC))
                    .update();
        }
    }

    @Test
    void progressCountsTheDeliveryLogAndTakesTheRateFromTheLastMinute() throws Exception {
        String slug = unique("progress");
        NewsletterList list = list(slug);
        Edition edition = sendingEdition(list, IsoWeek.parse("2026-W48"));
        deliveries(list, edition, 30, DeliveryStatus.SENT, Duration.ofSeconds(10), null);
        deliveries(list, edition, 20, DeliveryStatus.SENT, Duration.ofMinutes(5), null);
        deliveries(list, edition, 5, DeliveryStatus.FAILED, null, null);
        deliveries(list, edition, 5, DeliveryStatus.SKIPPED, null, null);
        deliveries(list, edition, 60, DeliveryStatus.PENDING, null, null);
        deliveries(list, edition, 10, DeliveryStatus.PENDING, null, Instant.now().plus(Duration.ofHours(6)));
        // seven of the due ones the relay deferred (as the send step records it), waiting for a retry
        jdbc.sql("""
                update delivery set last_error = 'deferred: 451 4.7.1 Greylisted' where id in (select id from delivery
                where edition_id = ? and status = 'PENDING' and send_after is null order by id fetch first 7 rows only)""")
                .param(edition.id()).update();

        mvc.perform(get("/api/editions/{list}/2026-W48/progress", slug).with(editor()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("SENDING"))
                .andExpect(jsonPath("$.sending").value(true))
                .andExpect(jsonPath("$.deliveries.total").value(130))
                .andExpect(jsonPath("$.deliveries.sent").value(50))
                .andExpect(jsonPath("$.deliveries.failed").value(5))
                .andExpect(jsonPath("$.deliveries.skipped").value(5))
                .andExpect(jsonPath("$.deliveries.done").value(60))
                .andExpect(jsonPath("$.deliveries.due").value(60))
                .andExpect(jsonPath("$.deliveries.scheduled").value(10))
                .andExpect(jsonPath("$.deliveries.deferred").value(7))
                .andExpect(jsonPath("$.deliveries.sentLastMinute").value(30))
                .andExpect(jsonPath("$.deliveries.perSecond").value(0.5))
                .andExpect(jsonPath("$.deliveries.secondsLeft").value(120))
                .andExpect(jsonPath("$.deliveries.percent").value(46));

        // the page's own poll, on the admin side with the signed-in session
        mvc.perform(get("/admin/editions/{list}/2026-W48/progress", slug).with(user(EDITOR).roles("EDITOR")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deliveries.done").value(60));
        mvc.perform(get("/admin/editions/{list}/2026-W48", slug).with(user(EDITOR).roles("EDITOR")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-sending=\"true\"")))
                .andExpect(content().string(containsString("id=\"p-done\">60<")))
                .andExpect(content().string(containsString("id=\"p-sent\">50<")))
                .andExpect(content().string(containsString("id=\"p-deferred\">7<")))
                .andExpect(content().string(containsString("/webjars/echarts/")))
                .andExpect(content().string(not(containsString(" style="))));
    }

    @Test
    void withoutARecentSendThereIsNoTimeLeftToTell() throws Exception {
        String slug = unique("stalled");
        NewsletterList list = list(slug);
        Edition edition = sendingEdition(list, IsoWeek.parse("2026-W47"));
        deliveries(list, edition, 4, DeliveryStatus.SENT, Duration.ofMinutes(3), null);
        deliveries(list, edition, 4, DeliveryStatus.PENDING, null, null);

        mvc.perform(get("/api/editions/{list}/2026-W47/progress", slug).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.deliveries.sentLastMinute").value(0))
                .andExpect(jsonPath("$.deliveries.secondsLeft").doesNotExist())
                .andExpect(jsonPath("$.deliveries.percent").value(50));
    }

    @Test
    void aFinishedSendStopsThePollAndUnknownEditionsAreProblems() throws Exception {
        String slug = unique("finished");
        NewsletterList list = list(slug);
        Edition edition = sendingEdition(list, IsoWeek.parse("2026-W46"));
        deliveries(list, edition, 3, DeliveryStatus.SENT, Duration.ofSeconds(5), null);
        editions.setStatus(edition.id(), EditionStatus.SENT, null, Instant.now());

        mvc.perform(get("/api/editions/{list}/2026-W46/progress", slug).with(admin()))
                .andExpect(jsonPath("$.sending").value(false))
                .andExpect(jsonPath("$.deliveries.percent").value(100))
                .andExpect(jsonPath("$.deliveries.secondsLeft").value(0));
        mvc.perform(get("/api/editions/no-such-list/2026-W46/progress").with(admin()))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
        mvc.perform(get("/api/editions/{list}/week-nine/progress", slug).with(admin()))
                .andExpect(status().isBadRequest());
    }
}
