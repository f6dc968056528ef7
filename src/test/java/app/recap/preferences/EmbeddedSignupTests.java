package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/**
 * The sign-up form a list's website embeds, posted from a page of another origin: no CSRF token, the other site's
 * {@code Origin} and Fetch Metadata, a urlencoded body. It reaches the address's owner as a confirmation email;
 * bots, floods and every other endpoint meet the same guards as before.
 */
class EmbeddedSignupTests extends SubscriberSideTestBase {

    static final String NEWS_SITE = "https://newsletter-team.example";

    @Autowired SignupForms forms;
    @Autowired MeterRegistry meters;

    @Test
    void theSnippetPostedFromAnotherSiteBringsTheConfirmationEmailOverSmtp() throws Exception {
        NewsletterList list = world.listWithSubscribers("embed", 0);
        Document snippet = Jsoup.parse(forms.snippet(list));
        Element form = snippet.selectFirst("form");
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.attr("action")).isEqualTo(BASE_URL + "/subscribe/embed");
        assertThat(snippet.select("script")).isEmpty();
        assertThat(snippet.select("input[name=_csrf]")).isEmpty();
        assertThat(snippet.select("input[name=audience]")).hasSize(6);
        assertThat(snippet.select("[aria-hidden=true] input[name=website]").attr("tabindex")).isEqualTo("-1");

        // what a browser sends when the reader submits the form on the team's own page (MockMvc, from an address
        // of its own: over real HTTP every test's post would come from 127.0.0.1 and share one allowance)
        MockHttpServletResponse answer = mvc.perform(post(URI.create(form.attr("action")).getPath()).with(r -> {
            r.setRemoteAddr(freshIp());
            return r;
        }).contentType(MediaType.APPLICATION_FORM_URLENCODED).header("Origin", NEWS_SITE)
                .header("Referer", NEWS_SITE + "/newsletter").header("Sec-Fetch-Site", "cross-site")
                .header("Sec-Fetch-Mode", "navigate")
                .content(urlencoded(List.of(Map.entry("email", "Ada.Lovelace@Example.com"), Map.entry("name", "Ada"),
                        Map.entry("audience", form.select("input[name=audience]").get(1).attr("value")),
                        Map.entry("audience", form.select("input[name=audience]").get(3).attr("value")),
                        Map.entry("website", ""))))).andReturn().getResponse();

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(answer.getHeader("Location")).isNull();
        assertThat(Jsoup.parse(answer.getContentAsString()).select("h1").text()).isEqualTo("Check your inbox");
        MimeMessage confirmation = awaitMessagesTo("ada.lovelace@example.com", 1).get(0);
        assertThat(confirmation.getSubject()).isEqualTo("Confirm your subscription to List embed");
        long id = subscribers.findByEmail("ada.lovelace@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);

        // the owner confirms on Recap's own page, with its token, and gets the topics ticked on the team's site
        mvc.perform(post(path(link(textPart(confirmation), "/c/"))).with(csrf())).andReturn();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.audienceIds(id, list.id())).containsExactly(audience(1).id(), audience(3).id());
        assertThat(subscribers.findById(id).orElseThrow().name()).isEqualTo("Ada");
    }

    @Test
    void aFilledHoneypotFromAnotherSiteLooksAcceptedButSendsAndStoresNothingAndIsCounted() throws Exception {
        world.listWithSubscribers("embed-bots", 0);
        double before = honeypotCount();

        MockHttpServletResponse response = mvc.perform(fromNewsSite("embed-bots", freshIp())
                .param("email", "embed-bot@example.com").param("website", "https://spam.example")).andReturn()
                .getResponse();
        // a bot typing nonsense is told the same
        MockHttpServletResponse nonsense = mvc.perform(fromNewsSite("embed-bots", freshIp())
                .param("email", "not an address").param("website", "x")).andReturn().getResponse();
        flush();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(nonsense.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("Check your inbox");
        assertThat(messagesTo("embed-bot@example.com")).isEmpty();
        assertThat(subscribers.findByEmail("embed-bot@example.com")).isEmpty();
        assertThat(honeypotCount()).isEqualTo(before + 2);
    }

    @Test
    void aListWithoutDoubleOptInStillConfirmsByEmailWhatAnotherSitePosts() throws Exception {
        NewsletterList list = lists.create(new NewsletterList(0, "embed-single", "Embedded Single", "Single",
                "single@recap.example", null, "1 Test Street", DayOfWeek.TUESDAY, LocalTime.of(9, 0), ZoneId.of("UTC"),
                Locale.ENGLISH, false, false), List.of(audience(0).id()), Instant.now());

        MockHttpServletResponse elsewhere = mvc.perform(fromNewsSite("embed-single", freshIp())
                .param("email", "stranger@example.com")).andReturn().getResponse();
        // Recap's own page, same origin, keeps the list's setting
        MockHttpServletResponse own = mvc.perform(post("/subscribe/embed-single").with(csrf()).with(r -> {
            r.setRemoteAddr(freshIp());
            return r;
        }).header("Origin", BASE_URL).header("Sec-Fetch-Site", "same-origin").param("email", "own-page@example.com"))
                .andReturn().getResponse();
        flush();

        assertThat(Jsoup.parse(elsewhere.getContentAsString()).select("main p").first().text())
                .contains("Open the link in it to confirm");
        long stranger = subscribers.findByEmail("stranger@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(stranger, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        assertThat(messagesTo("stranger@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("Confirm your subscription to Embedded Single"));
        assertThat(own.getStatus()).isEqualTo(200);
        long ownId = subscribers.findByEmail("own-page@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(ownId, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    @Test
    void theLimitsPerClientAndPerAddressHoldForPostsFromAnotherSite() throws Exception {
        world.listWithSubscribers("embed-flood", 0);
        String ip = freshIp();
        for (int i = 0; i < 5; i++) {
            assertThat(mvc.perform(fromNewsSite("embed-flood", ip).param("email", "embed-flood" + i + "@example.com"))
                    .andReturn().getResponse().getStatus()).isEqualTo(200);
        }
        MockHttpServletResponse refused = mvc.perform(fromNewsSite("embed-flood", ip)
                .param("email", "embed-flood5@example.com")).andReturn().getResponse();
        // one address posted from many clients (a hostile page's visitors) gets at most per-address emails
        for (int i = 0; i < 5; i++) {
            mvc.perform(fromNewsSite("embed-flood", freshIp()).param("email", "embed-victim@example.com")).andReturn();
        }
        flush();

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(messagesTo("embed-flood5@example.com")).isEmpty();
        assertThat(messagesTo("embed-victim@example.com")).hasSize(3);
    }

    @Test
    void aMistakeLandsOnRecapsOwnFormFilledInNeverOnARedirect() throws Exception {
        world.listWithSubscribers("embed-typo", 0);

        MockHttpServletResponse response = mvc.perform(fromNewsSite("embed-typo", freshIp())
                .param("email", "ada@example").param("name", "Ada").param("return", "https://evil.example/"))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getHeader("Location")).isNull();
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("#email").attr("value")).isEqualTo("ada@example");
        assertThat(page.select("#name").attr("value")).isEqualTo("Ada");
        // the form to correct it on is Recap's own, with its token
        assertThat(page.select("form input[name=_csrf]")).hasSize(1);
    }

    @Test
    void onlyTheSignupPostIsOpenToOtherSites() throws Exception {
        NewsletterList list = world.listWithSubscribers("embed-closed", 1);
        long id = subscribers.findByEmail("embed-closed-reader0@example.com").orElseThrow().id();
        String preferences = path(links.preferencesUrl(id, list.id()));
        List<Long> audiencesBefore = subscribers.audienceIds(id, list.id());

        // the preference center's forms: refused from another site, token or not, and without a token from anywhere
        int crossSite = mvc.perform(post(preferences + "/audiences").with(csrf()).header("Origin", NEWS_SITE)
                .header("Sec-Fetch-Site", "cross-site").param("audience", String.valueOf(audience(5).id())))
                .andReturn().getResponse().getStatus();
        int noToken = mvc.perform(post(preferences + "/audiences")
                .param("audience", String.valueOf(audience(5).id()))).andReturn().getResponse().getStatus();
        int pauseCrossSite = mvc.perform(post(preferences + "/pause").header("Origin", NEWS_SITE)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).param("weeks", "4")).andReturn().getResponse()
                .getStatus();
        // the confirmation button, too: the owner presses it on Recap's page
        int confirmCrossSite = mvc.perform(post(path(links.confirmUrl(id, list.id()))).header("Origin", NEWS_SITE))
                .andReturn().getResponse().getStatus();
        // and the sign-up address takes nothing but a POST from elsewhere, nor a deeper path
        int putSignup = mvc.perform(put("/subscribe/embed-closed").header("Origin", NEWS_SITE)
                .param("email", "put@example.com")).andReturn().getResponse().getStatus();
        int deeper = mvc.perform(post("/subscribe/embed-closed/extra").header("Origin", NEWS_SITE)
                .param("email", "deeper@example.com")).andReturn().getResponse().getStatus();

        assertThat(crossSite).isEqualTo(403);
        assertThat(noToken).isEqualTo(403);
        assertThat(pauseCrossSite).isEqualTo(403);
        assertThat(confirmCrossSite).isEqualTo(403);
        assertThat(putSignup).isEqualTo(403);
        assertThat(deeper).isEqualTo(403);
        assertThat(subscribers.audienceIds(id, list.id())).isEqualTo(audiencesBefore);
    }

    /** A post as a browser sends it from the team's page: their Origin, Fetch Metadata, no token of ours. */
    private MockHttpServletRequestBuilder fromNewsSite(String slug, String ip) {
        return post("/subscribe/" + slug).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        }).header("Origin", NEWS_SITE).header("Referer", NEWS_SITE + "/newsletter").header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED);
    }

    private double honeypotCount() {
        Counter counter = meters.find("recap.signups").tag("outcome", "honeypot").tag("form", "embedded").counter();
        return counter == null ? 0 : counter.count();
    }

    private static String urlencoded(List<Map.Entry<String, String>> fields) {
        return fields.stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
