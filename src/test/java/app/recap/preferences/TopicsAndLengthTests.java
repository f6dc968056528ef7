package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.TestWorld;

/**
 * The reader's side of issue 16: one meaning of topics in sign-up and the preference center (admin, API and
 * import: OneMeaningOfTopicsTests), the length they choose, the confirmation page, the invalid-link page and the
 * signed "view in browser" link.
 */
class TopicsAndLengthTests extends SubscriberSideTestBase {

    @LocalServerPort int port;
    @Autowired WeeklyDigest weeklyDigest;

    @Test
    void signupWithNoTopicTickedGetsEveryTopicAtTheLengthChosen() throws Exception {
        NewsletterList list = world.listWithSubscribers("tl-signup", 0);
        Browser browser = new Browser(port);
        Browser.Page form = browser.get("/subscribe/tl-signup");

        Browser.Page sent = browser.submit(form, "/subscribe/tl-signup", "email", "brief@example.com", "name", "",
                "length", "BRIEF", "website", "");
        assertThat(sent.status()).isEqualTo(200);
        flush();

        long id = subscribers.findByEmail("brief@example.com").orElseThrow().id();
        assertThat(subscribers.audienceIds(id, list.id())).as("none picked means every topic").isEmpty();
        assertThat(subscribers.lengthOf(id, list.id())).contains(DigestLength.BRIEF);
    }

    @Test
    void signupNamingATopicTheListDoesNotOfferIsRefusedNotDropped() throws Exception {
        world.listWithSubscribers("tl-refused", 0);
        Browser browser = new Browser(port);
        Browser.Page form = browser.get("/subscribe/tl-refused");

        Browser.Page refused = browser.submit(form, "/subscribe/tl-refused", "email", "odd@example.com", "name", "",
                "audience", "999999", "website", "");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.doc().select(".error").text()).contains("Pick topics from the list shown.");
        Browser.Page badLength = browser.submit(form, "/subscribe/tl-refused", "email", "odd@example.com", "name", "",
                "length", "HUGE", "website", "");
        assertThat(badLength.status()).isEqualTo(400);
        flush();
        assertThat(subscribers.findByEmail("odd@example.com")).isEmpty();
    }

    @Test
    void preferenceCenterTakesNoTopicAsEveryTopicAndSavesTheLength() throws Exception {
        NewsletterList list = world.listWithSubscribers("tl-prefs", 0);
        long a1 = world.audience(TestWorld.AUDIENCES[0][0]).id();
        long id = subscribers.subscribe(list.id(), "prefs@example.com", "Priya Raman", null, List.of(a1),
                SubscriptionStatus.CONFIRMED, java.time.Instant.now());
        Browser browser = new Browser(port);
        Browser.Page page = browser.get(path(links.preferencesUrl(id, list.id())));
        assertThat(page.doc().select("input[name=audience][checked]").eachAttr("value")).containsExactly(
                String.valueOf(a1));
        assertThat(page.doc().select("input[name=length][checked]").attr("value")).isEqualTo("STANDARD");
        assertThat(page.doc().select("#topics")).hasSize(1);

        Browser.Page saved = browser.submit(page, "/audiences", "length", "FULL");

        assertThat(saved.doc().select(".notice").text()).contains("saved");
        assertThat(subscribers.audienceIds(id, list.id())).isEmpty();
        assertThat(subscribers.lengthOf(id, list.id())).contains(DigestLength.FULL);
        assertThat(saved.doc().select("input[name=audience][checked]")).isEmpty();
        assertThat(saved.doc().text()).contains("You get every topic");
        assertThat(saved.doc().select("input[name=length][checked]").attr("value")).isEqualTo("FULL");

        Browser.Page refused = browser.submit(saved, "/audiences", "audience", "999999");
        assertThat(refused.doc().select(".problem").text()).isEqualTo("Pick topics from the list shown.");
        assertThat(subscribers.audienceIds(id, list.id())).isEmpty();
    }

    @Test
    void confirmationPageSaysWhenTheFirstEditionArrivesInTheReadersZoneAndLinksToTheArchive() throws Exception {
        NewsletterList list = world.listWithSubscribers("tl-confirm", 0);
        long id = subscribers.subscribe(list.id(), "zone@example.com", "Ada", "Europe/Berlin", List.of(),
                SubscriptionStatus.UNCONFIRMED, java.time.Instant.now());
        Browser browser = new Browser(port);
        String confirm = path(links.confirmUrl(id, list.id()));

        Browser.Page confirmed = browser.submit(browser.get(confirm), confirm);

        assertThat(confirmed.doc().select("h1").text()).isEqualTo("You're subscribed");
        // the list sends on Mondays at 08:00 in London: 09:00 in Berlin, summer or winter
        assertThat(confirmed.doc().select(".status").text())
                .matches("Your first edition arrives on Monday, \\d{1,2} \\w+ \\d{4}, 09:00 \\(Europe/Berlin\\)\\.");
        assertThat(confirmed.doc().select("main a[href=/archive/tl-confirm]").text()).isEqualTo("Read past editions");
    }

    @Test
    void invalidLinkPageNamesTheListsAndAWayOn() throws Exception {
        world.listWithSubscribers("tl-invalid", 0);

        Browser.Page page = new Browser(port).get("/p/not-a-token");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.doc().select("a[href=/subscribe/tl-invalid]").text()).isEqualTo("Sign up to List tl-invalid");
        assertThat(page.doc().select("a[href=/archive/tl-invalid]").text())
                .isEqualTo("Past editions of List tl-invalid");
    }

    @Test
    void viewInBrowserOpensTheReadersOwnEditionBySignedLink() throws Exception {
        NewsletterList list = world.listWithSubscribers("tl-view", 2);
        String address = "tl-view-reader1@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        subscribers.setLength(id, list.id(), DigestLength.BRIEF);
        weeklyDigest.run("tl-view", IsoWeek.parse(TestWorld.WEEK));
        MimeMessage email = awaitMessagesTo(address, 1).get(0);
        Document html = Jsoup.parse(htmlPart(email));
        String view = html.select("a:contains(View this edition in your browser)").attr("href");
        assertThat(view).startsWith(BASE_URL + "/v/").endsWith("/" + TestWorld.WEEK);
        assertThat(textPart(email)).contains(view);
        assertThat(html.text()).contains("Hi Reader,").doesNotContain("Hi Reader 1,");

        Browser.Page page = new Browser(port).get(path(view));

        assertThat(page.status()).isEqualTo(200);
        Document own = page.doc();
        assertThat(own.select("h2").eachText()).isEqualTo(html.select("h2").eachText());
        assertThat(own.select("h3").eachText()).isEqualTo(html.select("h3").eachText()).hasSizeLessThanOrEqualTo(5);
        assertThat(own.text()).contains("Hi Reader,");
        String tampered = path(view).replace("/v/", "/v/x");
        assertThat(new Browser(port).get(tampered).status()).isEqualTo(404);
    }
}
