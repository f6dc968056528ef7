package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesRegex;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
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
    @Autowired app.recap.subscriber.SubscriberDirectory directory;
    @Autowired AuditLog audit;
    @Autowired app.recap.story.StoryRepository stories;

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
                .andExpect(content().string(containsString("&quot;not-a-cursor&quot; is not a valid cursor for order oldest.")))
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
    void searchFindsAPartOfANameOrAnAddressCountsEveryMatchAndPagesByKeyEitherWay() throws Exception {
        NewsletterList list = list(unique("search"));
        String token = list.slug();
        Instant now = Instant.now();
        long wei = subscribers.subscribe(list.id(), "wzhang@" + token + ".example", "Wei Chen", null,
                List.of(developers.id()), SubscriptionStatus.CONFIRMED, now);
        long ann = subscribers.subscribe(list.id(), "ann.chenoweth@" + token + ".example", "Ann", null,
                List.of(developers.id()), SubscriptionStatus.CONFIRMED, now);
        subscribers.subscribe(list.id(), "bob@" + token + ".example", "Bob Stone", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, now);

        var chen = new app.recap.subscriber.SubscriberDirectory.Filter("CHEN", list.id(), null, null);
        var first = directory.search(chen, null, 1);
        assertThat(first.content()).extracting(e -> e.id()).containsExactly(wei);
        assertThat(directory.search(chen, first.next(), 1).content()).extracting(e -> e.id()).containsExactly(ann);
        assertThat(directory.search(chen, null, 10, app.recap.subscriber.SubscriberDirectory.Order.NEWEST).content())
                .extracting(e -> e.id()).containsExactly(ann, wei);
        assertThat(directory.count(chen)).isEqualTo(2);
        assertThat(directory.count(new app.recap.subscriber.SubscriberDirectory.Filter("@" + token, null, null, null)))
                .as("an address part searches addresses only").isEqualTo(3);
        assertThat(directory.count(new app.recap.subscriber.SubscriberDirectory.Filter("50%_off", list.id(), null,
                null))).as("wildcards are taken literally").isZero();

        mvc.perform(get("/admin/subscribers").param("query", "chen").param("list", list.slug())
                .param("order", "newest").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2 subscribers match")))
                .andExpect(content().string(matchesRegex("(?s).*ann\\.chenoweth@.*wzhang@.*")))
                .andExpect(content().string(not(containsString("bob@" + token))));
    }

    @Test
    void columnHeadersSortBothWaysKeepTheFiltersAndACursorFromAnotherOrderIsABadRequest() throws Exception {
        NewsletterList list = list(unique("sorted"));
        String token = list.slug();
        Instant now = Instant.now();
        for (String name : List.of("Cy", "Al", "Bo")) {
            subscribers.subscribe(list.id(), name.toLowerCase() + "@" + token + ".example", name, null, List.of(),
                    SubscriptionStatus.CONFIRMED, now);
        }
        mvc.perform(get("/admin/subscribers").param("list", list.slug()).param("order", "name").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(matchesRegex("(?s).*al@.*bo@.*cy@.*")))
                .andExpect(content().string(containsString("<th scope=\"col\" aria-sort=\"ascending\"><a id=\"sort-name\" href=\"/admin/subscribers?query=&amp;list=" + token + "&amp;status=&amp;audience=&amp;order=name-desc\"")))
                .andExpect(content().string(containsString("<th scope=\"col\"><a id=\"sort-email\" href=\"/admin/subscribers?query=&amp;list=" + token + "&amp;status=&amp;audience=&amp;order=email\"")))
                .andExpect(content().string(containsString("<a id=\"sort-added\" href=\"/admin/subscribers?query=&amp;list=" + token + "&amp;status=&amp;audience=&amp;order=oldest\"")));
        mvc.perform(get("/admin/subscribers").param("list", list.slug()).param("order", "email-desc").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(matchesRegex("(?s).*cy@.*bo@.*al@.*")))
                .andExpect(content().string(containsString("<th scope=\"col\" aria-sort=\"descending\"><a id=\"sort-email\" href=\"/admin/subscribers?query=&amp;list=" + token + "&amp;status=&amp;audience=&amp;order=email\"")));

        var filter = new app.recap.subscriber.SubscriberDirectory.Filter(null, list.id(), null, null);
        String nameCursor = directory.search(filter, (String) null, 1, app.recap.subscriber.SubscriberDirectory.Order.NAME).cursor();
        mvc.perform(get("/admin/subscribers").param("list", list.slug()).param("order", "name")
                .param("after", nameCursor).with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(matchesRegex("(?s).*bo@.*cy@.*")))
                .andExpect(content().string(not(containsString("al@" + token))));
        for (String forged : List.of("12", "12.%%%", nameCursor + "!")) {
            mvc.perform(get("/admin/subscribers").param("order", "name").param("after", forged).with(adminUser()))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("is not a valid cursor for order name.")))
                    .andExpect(content().string(containsString("Start this screen afresh")));
        }
        mvc.perform(get("/admin/subscribers").param("order", "newest").param("after", nameCursor).with(adminUser()))
                .andExpect(status().isBadRequest());
    }

    @Test
    void bulkActionsChangeTheTickedSubscribersOrAWholeSearchResultAndAuditEachChange() throws Exception {
        NewsletterList list = list(unique("bulk"));
        String token = list.slug();
        Instant now = Instant.now();
        long a = subscribers.subscribe(list.id(), "a@" + token + ".example", "A", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, now);
        long b = subscribers.subscribe(list.id(), "b@" + token + ".example", "B", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, now);
        long c = subscribers.subscribe(list.id(), "c@" + token + ".example", "C", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, now);

        mvc.perform(post("/admin/subscribers/bulk").with(adminUser()).with(csrf()).param("action", "unsubscribe")
                .param("ids", String.valueOf(a)).param("list", list.slug()))
                .andExpect(status().is3xxRedirection());
        assertThat(subscribers.statusOf(a, list.id())).as("not confirmed: nothing changes")
                .contains(SubscriptionStatus.CONFIRMED);

        mvc.perform(post("/admin/subscribers/bulk").with(adminUser()).with(csrf()).param("action", "unsubscribe")
                .param("ids", String.valueOf(a)).param("list", list.slug()).param("confirm", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("message", "Unsubscribed 1 from " + list.slug()
                        + "; 0 skipped (not on the list, or already unsubscribed)."));
        assertThat(subscribers.statusOf(a, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(subscribers.statusOf(b, list.id())).contains(SubscriptionStatus.CONFIRMED);

        mvc.perform(post("/admin/subscribers/bulk").with(adminUser()).with(csrf()).param("action", "audiences")
                .param("scope", "all").param("query", "@" + token).param("list", list.slug())
                .param("audiences", security.slug()).param("confirm", "true"))
                .andExpect(status().is3xxRedirection());
        for (long id : List.of(a, b, c)) {
            assertThat(subscribers.audienceIds(id, list.id())).containsExactly(security.id());
        }

        mvc.perform(post("/admin/subscribers/bulk").with(adminUser()).with(csrf()).param("action", "suppress")
                .param("scope", "all").param("query", "@" + token).param("filterList", list.slug())
                .param("status", "CONFIRMED").param("reason", "asked by phone").param("confirm", "true"))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("message", "Suppressed 2 addresses; 0 skipped."));
        assertThat(suppressions.find("b@" + token + ".example")).isPresent();
        assertThat(suppressions.find("c@" + token + ".example")).isPresent();
        assertThat(suppressions.find("a@" + token + ".example")).as("unsubscribed, so not in the search").isEmpty();

        mvc.perform(post("/admin/subscribers/bulk").with(adminUser()).with(csrf()).param("action", "erase")
                .param("ids", String.valueOf(a)).param("confirm", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(directory.find(a).orElseThrow().status()).isEqualTo(app.recap.subscriber.SubscriberStatus.ERASED);

        var entries = audit.recent(null, 30);
        assertThat(entries).filteredOn(e -> "subscriber.bulk".equals(e.action())).hasSizeGreaterThanOrEqualTo(4);
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("subscription.unsubscribe");
            assertThat(e.targetId()).isEqualTo(String.valueOf(a));
        });
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("subscriber.erase");
            assertThat(e.targetId()).isEqualTo(String.valueOf(a));
        });
        assertThat(entries).filteredOn(e -> "subscription.update".equals(e.action())).extracting(e -> e.targetId())
                .contains(String.valueOf(a), String.valueOf(b), String.valueOf(c));
    }

    @Test
    void importingKnownAddressesIntoASecondListSaysTheyAreNewlyAddedNotNewSubscribers() throws Exception {
        String first = list(unique("imp-a")).slug();
        String second = list(unique("imp-b")).slug();
        byte[] csv = ("email,name\nana@" + first + ".example,Ana Lovelace\nbo@" + first + ".example,"
                + "Bo With A Name Long Enough To Wrap Across The Whole Report Table On A Phone\n").getBytes();

        String one = importInto(first, csv);
        mvc.perform(get(one).with(adminUser())).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"created-count\">2</strong><span>new subscribers")))
                .andExpect(content().string(containsString("id=\"added-count\">0</strong>")));

        String two = importInto(second, csv);
        mvc.perform(get(two).with(adminUser())).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"created-count\">0</strong><span>new subscribers")))
                .andExpect(content().string(containsString(
                        "id=\"added-count\">2</strong><span>already known, newly added to this list")))
                .andExpect(content().string(containsString("id=\"updated-count\">0</strong>")));

        String three = importInto(second, csv);
        mvc.perform(get(three).with(adminUser())).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"added-count\">0</strong>")))
                .andExpect(content().string(containsString(
                        "id=\"updated-count\">2</strong><span>already subscribed, name and audiences updated")));
        mvc.perform(get("/api/imports/" + two.substring(two.lastIndexOf('/') + 1)).with(admin()))
                .andExpect(status().isOk())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.newSubscribers")
                        .value(0))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.addedToList")
                        .value(2));
    }

    private String importInto(String list, byte[] csv) throws Exception {
        var file = new org.springframework.mock.web.MockMultipartFile("file", "people.csv", "text/csv", csv);
        String location = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart("/admin/imports")
                .file(file).param("list", list).with(adminUser()).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        importEnded(location);
        return location;
    }

    @Test
    void theAuditLogFiltersByWhoWhatAndTargetPagesAndLinksToWhatItNames() throws Exception {
        String slug = unique("audited");
        String actor = slug + "@audit.example";
        for (int i = 0; i < 3; i++) {
            audit.record(actor, "subscriber.rename", "subscriber", 4200 + i, "entry " + i);
        }
        audit.record(actor, "list.create", "list", slug, null);

        assertThat(audit.recent(new AuditLog.Filter(actor, "subscriber", null, null), null, 10))
                .extracting(AuditLog.Entry::detail).containsExactly("entry 2", "entry 1", "entry 0");
        assertThat(audit.recent(new AuditLog.Filter(actor.toUpperCase(), "list.create", "list", slug), null, 10))
                .hasSize(1);
        assertThat(audit.recent(new AuditLog.Filter(actor, "subscriber.ren", null, null), null, 10))
                .as("a part of an action is no prefix of its words").isEmpty();
        var newest = audit.recent(new AuditLog.Filter(actor, "subscriber", null, null), null, 2);
        assertThat(audit.recent(new AuditLog.Filter(actor, "subscriber", null, null), newest.get(1).id(), 2))
                .extracting(AuditLog.Entry::detail).containsExactly("entry 0");

        mvc.perform(get("/admin/audit").param("actor", actor).with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/admin/subscribers/4202\">subscriber:4202</a>")))
                .andExpect(content().string(containsString("href=\"/admin/lists/" + slug + "/edit\">list:" + slug)))
                .andExpect(content().string(containsString("/admin/audit?type=list&amp;target=" + slug)))
                .andExpect(content().string(not(containsString("entry x"))));
        mvc.perform(get("/admin/audit").param("actor", actor).param("action", "list").with(adminUser()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("subscriber:4202"))))
                .andExpect(content().string(containsString("list:" + slug)));
    }

    @Test
    void aFeedCanBeEditedAndRemovedWhileItsStoriesStay() throws Exception {
        String token = unique("edit-feed");
        var feed = feeds.register("https://feeds.example/" + token + ".xml", "Old name", 1.0, Instant.now());
        var other = feeds.register("https://feeds.example/" + token + "-other.xml", "Other", 1.0, Instant.now());
        long story = stories.save(new app.recap.story.IncomingStory("https://news.example/" + token, "A story kept",
                null, "Old name", feed.id(), Instant.now(), new app.recap.story.Tldr(null, null, null), List.of(),
                List.of(), 0.5, true), Instant.now()).storyId();

        mvc.perform(post("/admin/feeds/" + feed.id()).with(adminUser()).with(csrf())
                .param("url", "https://feeds.example/" + token + "-moved.xml").param("name", "New name")
                .param("authority", "0.6"))
                .andExpect(status().is3xxRedirection());
        var moved = feeds.findById(feed.id()).orElseThrow();
        assertThat(moved.url()).endsWith(token + "-moved.xml");
        assertThat(moved.name()).isEqualTo("New name");
        assertThat(moved.authority()).isEqualTo(0.6);

        mvc.perform(post("/admin/feeds/" + feed.id()).with(adminUser()).with(csrf()).param("url", other.url())
                .param("name", "Clash"))
                .andExpect(flash().attribute("error", "url: another feed (Other) has this address"));

        mvc.perform(post("/admin/feeds/" + feed.id() + "/remove").with(adminUser()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(feeds.findById(feed.id())).as("not confirmed: kept").isPresent();
        mvc.perform(post("/admin/feeds/" + feed.id() + "/remove").param("confirm", "true").with(adminUser())
                .with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(feeds.findById(feed.id())).isEmpty();
        assertThat(stories.findAllById(List.of(story))).as("its stories stay").hasSize(1);
        assertThat(audit.recent(new AuditLog.Filter(null, "feed", "feed", String.valueOf(feed.id())), null, 10))
                .extracting(AuditLog.Entry::action).containsExactly("feed.remove", "feed.update");
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
