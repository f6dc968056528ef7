package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Subscriptions;
import app.recap.support.TestWorld;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A subscriber's whole life over real HTTP and SMTP: sign up, confirm, receive editions, change topics, pause,
 * switch lists, unsubscribe with one click, download and erase their data.
 */
class SubscriberJourneyTests extends SubscriberSideTestBase {

    /** Every edition opens with the lead section, the same for everyone. */
    private static final String LEAD = "This week's top stories";

    static final IsoWeek W48 = IsoWeek.parse(TestWorld.WEEK);
    static final IsoWeek W49 = IsoWeek.parse("2026-W49");
    static final IsoWeek W50 = IsoWeek.parse("2026-W50");

    @LocalServerPort int port;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired SubscriberData data;

    @Test
    void signsUpConfirmsReceivesChangesTopicsUnsubscribesWithOneClickAndReceivesNothingMore() throws Exception {
        NewsletterList list = world.listWithSubscribers("journey", 1);
        String control = "journey-reader0@example.com";
        String address = "grace.hopper@example.com";
        Browser browser = new Browser(port);

        // the sign-up page offers every audience of the list, with descriptions
        Browser.Page form = browser.get("/subscribe/journey");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.doc().select("input[name=audience]")).hasSize(6);
        assertThat(form.doc().select(".choice").first().text()).contains("About Enterprise & Security Teams");
        Browser.Page sent = browser.submit(form, "/subscribe/journey", "email", "Grace.Hopper@Example.com",
                "name", "Grace", "audience", id(1), "audience", id(2), "website", "");
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.doc().select("h1").text()).isEqualTo("Check your inbox");

        // the confirmation email: text and HTML, a link that expires
        MimeMessage confirmation = awaitMessagesTo(address, 1).get(0);
        assertThat(confirmation.getSubject()).isEqualTo("Confirm your subscription to List journey");
        assertThat(confirmation.getFrom()[0].toString()).contains("digest@recap.example");
        String text = textPart(confirmation);
        assertThat(text).contains("Hi Grace,").contains("The link works for 3 days.");
        String confirmUrl = link(text, "/c/");
        assertThat(Jsoup.parse(htmlPart(confirmation)).select("a[href=\"" + confirmUrl + "\"]")).hasSize(1);
        long subscriberId = subscribers.findByEmail(address).orElseThrow().id();
        assertThat(subscribers.statusOf(subscriberId, list.id())).contains(SubscriptionStatus.UNCONFIRMED);

        // opening the link asks; pressing its button confirms
        Browser.Page confirmPage = browser.get(path(confirmUrl));
        assertThat(confirmPage.status()).isEqualTo(200);
        assertThat(subscribers.statusOf(subscriberId, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        Browser.Page confirmed = browser.submit(confirmPage, path(confirmUrl));
        assertThat(confirmed.doc().select("h1").text()).isEqualTo("You're subscribed");
        assertThat(subscribers.statusOf(subscriberId, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscriptions.find(subscriberId, list.id()).orElseThrow().confirmedAt()).isNotNull();
        MimeMessage welcome = awaitMessagesTo(address, 2).get(1);
        assertThat(welcome.getSubject()).isEqualTo("Welcome to List journey");
        assertThat(welcome.getHeader("List-Unsubscribe")[0]).startsWith("<" + BASE_URL + "/u/");

        // the next edition arrives with the two chosen audiences
        assertThat(weeklyDigest.run("journey", W48).jobStatus()).isEqualTo("COMPLETED");
        MimeMessage first = awaitMessagesTo(address, 3).get(2);
        Document firstHtml = Jsoup.parse(htmlPart(first));
        assertThat(firstHtml.select("h2").eachText()).containsExactly(LEAD, audience(1).displayName(),
                audience(2).displayName());

        // topics changed from the edition's own preferences link
        String preferencesUrl = firstHtml.select("a:contains(Change your topics)").attr("href");
        Browser.Page preferences = browser.get(path(preferencesUrl));
        assertThat(preferences.status()).isEqualTo(200);
        assertThat(preferences.doc().select("input[name=audience][checked]").eachAttr("value"))
                .containsExactly(id(1), id(2));
        Browser.Page saved = browser.submit(preferences, "/audiences", "audience", id(4));
        assertThat(saved.doc().select(".notice").text()).contains("Your topics and length are saved");
        assertThat(subscribers.audienceIds(subscriberId, list.id())).containsExactly(audience(4).id());

        storiesIn(W49);
        weeklyDigest.run("journey", W49);
        MimeMessage second = awaitMessagesTo(address, 4).get(3);
        assertThat(Jsoup.parse(htmlPart(second)).select("h2").eachText()).containsExactly(LEAD, audience(4).displayName());

        // one-click unsubscribe: a bare POST to the List-Unsubscribe URL, no cookie, no CSRF token
        String header = second.getHeader("List-Unsubscribe")[0];
        assertThat(second.getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
        String unsubscribeUrl = header.substring(1, header.length() - 1);
        Browser.Page done = new Browser(port).postRaw(path(unsubscribeUrl), "List-Unsubscribe=One-Click");
        assertThat(done.status()).isEqualTo(200);
        assertThat(subscribers.statusOf(subscriberId, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);

        // the following edition goes out, but not to them
        storiesIn(W50);
        DigestRun third = weeklyDigest.run("journey", W50);
        assertThat(third.sent()).isEqualTo(1);
        assertThat(awaitMessagesTo(control, 3)).hasSize(3);
        assertThat(messagesTo(address)).hasSize(4);
    }

    @Test
    void pausedSubscriberMissesEditionsUntilResumed() throws Exception {
        NewsletterList list = world.listWithSubscribers("pause", 2);
        String address = "pause-reader1@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        Browser browser = new Browser(port);
        Browser.Page preferences = browser.get(path(links.preferencesUrl(id, list.id())));
        assertThat(preferences.doc().select("select[name=weeks] option").eachAttr("value")).contains("1", "2", "12");

        Browser.Page paused = browser.submit(preferences, "/pause", "weeks", "2");
        assertThat(paused.doc().select(".status").text()).startsWith("Paused until");
        Instant until = subscriptions.find(id, list.id()).orElseThrow().pausedUntil();
        assertThat(until).isAfter(Instant.now().plusSeconds(13 * 86400)).isBefore(Instant.now().plusSeconds(15 * 86400));
        weeklyDigest.run("pause", W48);
        assertThat(awaitMessagesTo("pause-reader0@example.com", 1)).hasSize(1);
        assertThat(messagesTo(address)).isEmpty();

        Browser.Page resumed = browser.submit(paused, "/pause", "weeks", "0");
        assertThat(resumed.doc().select(".notice").text()).contains("active again");
        storiesIn(W49);
        weeklyDigest.run("pause", W49);
        assertThat(awaitMessagesTo(address, 1)).hasSize(1);
    }

    @Test
    void switchingListKeepsTheAudiencesBothOfferAndEndsTheOldSubscription() throws Exception {
        NewsletterList from = world.listWithSubscribers("switch-from", 1);
        NewsletterList to = lists.create(new NewsletterList(0, "switch-to", "Switch To", "Switch", "switch@recap.example",
                null, "1 Test Street", java.time.DayOfWeek.FRIDAY, java.time.LocalTime.of(7, 0),
                java.time.ZoneId.of("UTC"), java.util.Locale.ENGLISH, true, false),
                List.of(audience(0).id(), audience(3).id()), Instant.now());
        long id = subscribers.findByEmail("switch-from-reader0@example.com").orElseThrow().id();
        subscribers.setAudiences(id, from.id(), List.of(audience(3).id(), audience(1).id()));
        Browser browser = new Browser(port);
        Browser.Page preferences = browser.get(path(links.preferencesUrl(id, from.id())));

        Browser.Page switched = browser.submit(preferences, "/switch", "list", "switch-to");

        assertThat(switched.status()).isEqualTo(200);
        assertThat(switched.doc().select("h1").text()).isEqualTo("Your subscription to Switch To");
        assertThat(switched.doc().select(".notice").text()).isEqualTo("You now receive this list instead of List switch-from.");
        assertThat(subscribers.statusOf(id, from.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(subscribers.statusOf(id, to.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.audienceIds(id, to.id())).containsExactly(audience(3).id());
    }

    @Test
    void downloadsTheirDataAsJsonAndErasesIt() throws Exception {
        NewsletterList list = world.listWithSubscribers("erase", 1);
        weeklyDigest.run("erase", W48);
        String address = "erase-reader0@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        String preferencesUrl = links.preferencesUrl(id, list.id());
        Browser browser = new Browser(port);
        Browser.Page preferences = browser.get(path(preferencesUrl));

        Browser.Page download = browser.submit(preferences, "/data");

        assertThat(download.status()).isEqualTo(200);
        JsonNode json = JsonMapper.builder().build().readTree(download.body());
        assertThat(json.get("subscriber").get("email").asString()).isEqualTo(address);
        assertThat(json.get("subscriptions").get(0).get("list").asString()).isEqualTo("erase");
        assertThat(json.get("subscriptions").get(0).get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(json.get("subscriptions").get(0).get("audiences").get(0).asString())
                .isEqualTo(audience(0).displayName());
        assertThat(json.get("deliveries").get(0).get("week").asString()).isEqualTo(TestWorld.WEEK);
        assertThat(json.get("deliveries").get(0).get("status").asString()).isEqualTo("SENT");

        Browser.Page ask = browser.get(path(preferencesUrl) + "/erase");
        assertThat(subscribers.findById(id)).isPresent();
        Browser.Page erased = browser.submit(ask, "/erase");

        assertThat(erased.doc().select("h1").text()).isEqualTo("Your data is erased");
        assertThat(subscribers.findById(id)).isEmpty();
        assertThat(subscriptions.findBySubscriber(id)).isEmpty();
        assertThat(jdbc.sql("select count(*) from delivery where subscriber_id = ?").param(id).query(Long.class)
                .single()).isZero();
        assertThat(browser.get(path(preferencesUrl)).status()).isEqualTo(404);
    }

    @Test
    void erasingASuppressedAddressKeepsOnlyTheAddressSoItIsNeverMailedAgain() throws Exception {
        NewsletterList list = world.listWithSubscribers("erase-suppressed", 2);
        long id = subscribers.findByEmail("erase-suppressed-reader1@example.com").orElseThrow().id();
        assertThat(subscriptions.subscriber(id).orElseThrow().name()).isEqualTo("Reader 1");
        suppress(id);

        data.erase(id);

        Subscriptions.SubscriberRecord kept = subscriptions.subscriber(id).orElseThrow();
        assertThat(kept.email()).isEqualTo("erase-suppressed-reader1@example.com");
        assertThat(kept.name()).isNull();
        assertThat(kept.suppressed()).isTrue();
        assertThat(subscriptions.findBySubscriber(id)).isEmpty();
        assertThat(subscribers.statusOf(id, list.id())).isEmpty();
        Browser browser = new Browser(port);
        assertThat(browser.get(path(links.unsubscribeUrl(id, list.id()))).status()).isEqualTo(404);
        assertThat(browser.get(path(links.preferencesUrl(id, list.id()))).status()).isEqualTo(404);
    }

    @Test
    void unconfirmedSignupsArePurgedAfterTheConfirmationExpiry() throws Exception {
        NewsletterList list = world.listWithSubscribers("purge", 0);
        String address = "purge-me@example.com";
        signup("purge", address, freshIp());
        flush();
        long id = subscribers.findByEmail(address).orElseThrow().id();
        Instant requested = subscriptions.findBySubscriber(id).get(0).confirmationRequestedAt();

        data.purgeUnconfirmed(requested.plusSeconds(3 * 86400 - 1));
        assertThat(subscribers.findById(id)).isPresent();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);

        // other tests' sign-ups may be older and go too; this one must
        assertThat(data.purgeUnconfirmed(requested.plusSeconds(3 * 86400 + 1))).isPositive();
        assertThat(subscribers.findById(id)).isEmpty();
    }

    private String id(int audienceIndex) {
        return String.valueOf(audience(audienceIndex).id());
    }
}
