package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.servlet.RequestDispatcher;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.ingest.FeedSourceRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Subscriptions;
import app.recap.subscriber.Suppressions;

/**
 * The admin screens as a person reads them: error pages that say what to do next instead of a Whitelabel page,
 * an overview in words and local times, feeds that were never fetched.
 */
class AdminScreensTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;
    @Autowired Subscriptions subscriptions;
    @Autowired Suppressions suppressions;
    @Autowired FeedSourceRepository feeds;

    static RequestPostProcessor adminUser() {
        return user(ADMIN).roles("ADMIN");
    }

    /** What the servlet container forwards to {@code /error} after a refused or failed request. */
    private static RequestPostProcessor failed(int status, String path, String message) {
        return request -> {
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
            request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, path);
            if (message != null) {
                request.setAttribute(RequestDispatcher.ERROR_MESSAGE, message);
            }
            return request;
        };
    }

    @Test
    void anUnknownAdminAddressGetsTheAdminsNotFoundPageWithAWayBack() throws Exception {
        mvc.perform(get("/error").with(failed(404, "/admin/subscribers/17/nothing", null)).with(adminUser()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Nothing here")))
                .andExpect(content().string(containsString("href=\"/admin/subscribers\">Subscribers</a>")))
                .andExpect(content().string(containsString("href=\"/admin\">Overview</a>")))
                .andExpect(content().string(containsString("class=\"top\"")))
                .andExpect(content().string(not(containsString("Whitelabel"))));
    }

    @Test
    void everyAdminErrorStatusSaysWhatToDoNextAndAServerErrorGivesNothingAway() throws Exception {
        mvc.perform(get("/error").with(failed(400, "/admin/audit", "Required parameter 'before' is not present.")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("This address could not be read")))
                .andExpect(content().string(containsString("Required parameter &#39;before&#39; is not present.")))
                .andExpect(content().string(containsString("href=\"/admin/audit\">Start this screen afresh</a>")));
        mvc.perform(get("/error").with(failed(403, "/admin/accounts", "Access Denied")))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("Not allowed")))
                .andExpect(content().string(containsString("an admin can open the rest")));
        mvc.perform(get("/error").with(failed(500, "/admin/lists", "java.lang.NullPointerException: secret detail")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string(containsString("Something went wrong on our side")))
                .andExpect(content().string(containsString("Try again")))
                .andExpect(content().string(not(containsString("secret detail"))))
                .andExpect(content().string(not(containsString("NullPointerException"))));
    }

    @Test
    void publicErrorPagesSayWhatToDoNextInTheReadersLanguage() throws Exception {
        mvc.perform(get("/error").with(failed(404, "/archive/nothing-here", null)))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Page not found")))
                .andExpect(content().string(containsString("the link in the newest email works")))
                .andExpect(content().string(not(containsString("class=\"top\""))));
        mvc.perform(get("/error").with(failed(403, "/subscribe/weekly", "Forbidden")))
                .andExpect(status().isForbidden())
                .andExpect(content().string(containsString("reload its page and send it again")));
        mvc.perform(get("/error").with(failed(500, "/subscribe/weekly", "boom")).header("Accept-Language", "de"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().string(containsString("Sie haben nichts falsch gemacht")))
                .andExpect(content().string(not(containsString("boom"))));
        mvc.perform(get("/error").with(failed(400, "/subscribe/weekly", null)))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("Go back to the page you came from")));
    }

    @Test
    void errorReachedDirectlyIsNotFoundNotAServerError() throws Exception {
        mvc.perform(get("/error")).andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Page not found")));
    }

    @Test
    void aSubscriberIdOrPagingCursorThatIsNotANumberIsABadRequestOnTheAdminPage() throws Exception {
        mvc.perform(get("/admin/subscribers/abc").with(adminUser()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("&quot;abc&quot; is not a valid id.")))
                .andExpect(content().string(containsString("href=\"/admin/subscribers\">Subscribers</a>")));
        mvc.perform(get("/admin/subscribers").param("after", "not-a-cursor").with(adminUser()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("&quot;not-a-cursor&quot; is not a valid after.")))
                .andExpect(content().string(containsString("href=\"/admin/subscribers\">Start this screen afresh</a>")));
        mvc.perform(get("/admin/subscribers/987654321").with(adminUser()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("subscriber 987654321 not found")))
                .andExpect(content().string(containsString("Nothing here")));
    }

    @Test
    void theOverviewCountsOnlyWhoReceivesTheNextEditionAndSaysWhoIsPausedOrSuppressed() throws Exception {
        NewsletterList list = list(unique("reach"));
        Instant now = Instant.now();
        for (String who : List.of("gets", "paused", "blocked")) {
            subscribers.subscribe(list.id(), who + "-" + list.slug() + "@reach.example", null, null,
                    List.of(developers.id()), SubscriptionStatus.CONFIRMED, now);
        }
        subscribers.subscribe(list.id(), "waiting-" + list.slug() + "@reach.example", null, null,
                List.of(developers.id()), SubscriptionStatus.UNCONFIRMED, now);
        long paused = subscribers.findByEmail("paused-" + list.slug() + "@reach.example").orElseThrow().id();
        subscriptions.pause(paused, list.id(), now.plus(14, ChronoUnit.DAYS), now);
        suppressions.add("blocked-" + list.slug() + "@reach.example", "hard bounce", "test", now);

        assertThat(subscribers.reach(list.id(), Instant.now())).isEqualTo(new SubscriberRepository.Reach(1, 1, 1));
        assertThat(subscribers.reach(list.id(), now.plus(15, ChronoUnit.DAYS)))
                .as("a pause that has ended receives again").isEqualTo(new SubscriberRepository.Reach(2, 0, 1));

        mvc.perform(get("/admin").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("receive the next edition")))
                .andExpect(content().string(matchesRegex("(?s).*id=\"reach-detail\">\\d+ paused · \\d+ suppressed<.*")))
                .andExpect(content().string(containsString("id=\"next-sends\"")))
                .andExpect(content().string(containsString(list.name())))
                .andExpect(content().string(containsString("Times are shown in")))
                // no machine time with seconds and nanoseconds anywhere on the page
                .andExpect(content().string(not(matchesRegex("(?s).*>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}.*"))));
    }

    @Test
    void aFeedNeverFetchedReadsNeverAndADashNotNull() throws Exception {
        String url = "https://feeds.example/" + unique("never") + ".xml";
        var feed = feeds.register(url, "Never Fetched", 1.0, Instant.now());
        String page = mvc.perform(get("/admin/feeds").with(adminUser())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String row = page.substring(page.indexOf("id=\"feed-" + feed.id() + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row).contains("never", "—", "with the next hourly ingest").doesNotContain("null");
    }
}
