package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;

import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/**
 * Links are keys: a tampered, expired or wrong-purpose link does nothing and gets a friendly page, and a GET
 * (what mail scanners do) never unsubscribes or confirms.
 */
class LinkSafetyTests extends SubscriberSideTestBase {

    @Test
    void getOnTheUnsubscribeLinkOnlyAsksAndThePostWithoutCsrfTokenUnsubscribes() throws Exception {
        NewsletterList list = world.listWithSubscribers("scanner", 1);
        long id = subscribers.findByEmail("scanner-reader0@example.com").orElseThrow().id();
        String path = path(links.unsubscribeUrl(id, list.id()));

        for (int i = 0; i < 3; i++) {
            MockHttpServletResponse page = mvc.perform(get(path)).andReturn().getResponse();
            assertThat(page.getStatus()).isEqualTo(200);
            assertThat(Jsoup.parse(page.getContentAsString()).select("form button").text()).isEqualTo("Unsubscribe");
        }
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);

        MockHttpServletResponse done = mvc.perform(post(path).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("List-Unsubscribe=One-Click")).andReturn().getResponse();

        assertThat(done.getStatus()).isEqualTo(200);
        assertThat(Jsoup.parse(done.getContentAsString()).select("h1").text()).isEqualTo("You are unsubscribed");
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
    }

    @Test
    void tamperedLinksChangeNothingAndGetAFriendlyPage() throws Exception {
        NewsletterList list = world.listWithSubscribers("tamper", 2);
        long victim = subscribers.findByEmail("tamper-reader0@example.com").orElseThrow().id();
        long attacker = subscribers.findByEmail("tamper-reader1@example.com").orElseThrow().id();
        String own = links.unsubscribeUrl(attacker, list.id());
        String token = own.substring(own.lastIndexOf('/') + 1);
        // the attacker's own signed token, rewritten to name someone else
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.US_ASCII);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                payload.replace("." + Long.toString(attacker, 36) + ".", "." + Long.toString(victim, 36) + ".")
                        .getBytes(StandardCharsets.US_ASCII)) + token.substring(token.indexOf('.'));
        char last = token.charAt(token.length() - 1);
        String badSignature = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        for (String bad : new String[] {forged, badSignature, "nonsense", token + ".x", "%00"}) {
            for (String[] page : new String[][] {{"/u/" + bad, "/u/" + bad}, {"/p/" + bad, "/p/" + bad + "/unsubscribe"},
                    {"/c/" + bad, "/c/" + bad}}) {
                MockHttpServletResponse get = mvc.perform(get(page[0])).andReturn().getResponse();
                MockHttpServletResponse post = mvc.perform(post(page[1]).with(csrf())).andReturn().getResponse();
                for (MockHttpServletResponse r : new MockHttpServletResponse[] {get, post}) {
                    // 400: the firewall refusing a malformed path before any page sees it
                    assertThat(r.getStatus()).as(page[1]).isIn(404, 400);
                    if (r.getStatus() == 404) {
                        assertThat(Jsoup.parse(r.getContentAsString()).select("h1").text())
                                .isEqualTo("This link is not valid");
                    }
                }
            }
        }
        assertThat(subscribers.statusOf(victim, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    @Test
    void linksMeantForOnePurposeOpenNothingElse() throws Exception {
        NewsletterList list = world.listWithSubscribers("purpose", 1);
        long id = subscribers.findByEmail("purpose-reader0@example.com").orElseThrow().id();
        String unsubscribe = token(links.unsubscribeUrl(id, list.id()));
        String preferences = token(links.preferencesUrl(id, list.id()));
        String confirm = token(links.confirmUrl(id, list.id()));

        assertThat(statusOf(post("/u/" + preferences))).isEqualTo(404);
        assertThat(statusOf(post("/u/" + confirm))).isEqualTo(404);
        assertThat(statusOf(get("/p/" + unsubscribe))).isEqualTo(404);
        assertThat(statusOf(post("/p/" + unsubscribe + "/unsubscribe").with(csrf()))).isEqualTo(404);
        assertThat(statusOf(post("/p/" + confirm + "/erase").with(csrf()))).isEqualTo(404);
        assertThat(statusOf(get("/c/" + preferences))).isEqualTo(404);
        assertThat(statusOf(post("/c/" + unsubscribe).with(csrf()))).isEqualTo(404);
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.findById(id)).isPresent();
        // each works where it belongs
        assertThat(statusOf(get("/p/" + preferences))).isEqualTo(200);
    }

    @Test
    void expiredConfirmationLinkConfirmsNothingAndOffersToSignUpAgain() throws Exception {
        NewsletterList list = world.listWithSubscribers("expired", 0);
        signup("expired", "slow@example.com", freshIp());
        flush();
        long id = subscribers.findByEmail("slow@example.com").orElseThrow().id();
        String expired = tokens.sign(new LinkToken(LinkToken.Purpose.CONFIRM, id, list.id(),
                Instant.now().minusSeconds(60).getEpochSecond()));

        MockHttpServletResponse page = mvc.perform(get("/c/" + expired)).andReturn().getResponse();
        MockHttpServletResponse post = mvc.perform(post("/c/" + expired).with(csrf())).andReturn().getResponse();

        assertThat(page.getStatus()).isEqualTo(410);
        assertThat(post.getStatus()).isEqualTo(410);
        var doc = Jsoup.parse(page.getContentAsString());
        assertThat(doc.select("h1").text()).isEqualTo("This link has expired");
        assertThat(doc.select("a.button").attr("href")).isEqualTo(BASE_URL + "/subscribe/expired");
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        // the link in the email itself still works, and says for how long
        assertThat(textPart(messagesTo("slow@example.com").get(0))).contains("The link works for 3 days.");
    }

    @Test
    void getOnTheConfirmationLinkOnlyShowsAButton() throws Exception {
        NewsletterList list = world.listWithSubscribers("prefetch", 0);
        signup("prefetch", "prefetched@example.com", freshIp());
        flush();
        long id = subscribers.findByEmail("prefetched@example.com").orElseThrow().id();
        String confirm = path(link(textPart(messagesTo("prefetched@example.com").get(0)), "/c/"));

        for (int i = 0; i < 3; i++) {
            assertThat(statusOf(get(confirm))).isEqualTo(200);
        }

        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        assertThat(messagesTo("prefetched@example.com")).hasSize(1);
    }

    @Test
    void preferenceChangesNeedTheFormsCsrfToken() throws Exception {
        NewsletterList list = world.listWithSubscribers("csrf", 1);
        long id = subscribers.findByEmail("csrf-reader0@example.com").orElseThrow().id();
        String page = path(links.preferencesUrl(id, list.id()));

        assertThat(statusOf(post(page + "/unsubscribe"))).isEqualTo(403);
        assertThat(statusOf(post(page + "/erase"))).isEqualTo(403);
        assertThat(statusOf(post(page + "/data"))).isEqualTo(403);

        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.findById(id)).isPresent();
    }

    private int statusOf(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static String token(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
