package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import jakarta.mail.internet.MimeMessage;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MvcResult;

import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/** The public sign-up: what it sends, what it changes, and what it gives away (nothing). */
class SignupTests extends SubscriberSideTestBase {

    @Test
    void signupPageOffersTheListsAudiencesWithDescriptionsAndAHiddenHoneypot() throws Exception {
        world.listWithSubscribers("page", 0);

        MockHttpServletResponse response = mvc.perform(get("/subscribe/page")).andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Subscribe to List page");
        assertThat(page.select(".choice:has(input[name=audience]) strong").eachText()).hasSize(6)
                .contains("Developers & Engineers");
        assertThat(page.select(".choice:has(input[name=audience])").eachText()).allMatch(t -> t.contains("About "));
        // one meaning of topics: nothing ticked, and the page says that none means every topic
        assertThat(page.select("input[name=audience][checked]")).isEmpty();
        assertThat(page.text()).contains("none picked means every topic");
        // the length, with the list's default chosen
        assertThat(page.select("input[name=length]").eachAttr("value")).containsExactly("BRIEF", "STANDARD", "FULL");
        assertThat(page.select("input[name=length][checked]").attr("value")).isEqualTo("STANDARD");
        assertThat(page.select("form input[name=_csrf]")).hasSize(1);
        assertThat(page.select(".hp input[name=website]").attr("tabindex")).isEqualTo("-1");
    }

    @Test
    void signupPageSaysWhatAClickRecordsUnderTheListsTrackingMode() throws Exception {
        world.listWithSubscribers("told", 0);

        assertThat(smallPrint("/subscribe/told")).contains("without recording who clicked")
                .doesNotContain("small image");

        jdbc.sql("update newsletter_list set tracking = 'SUBSCRIBER', track_opens = true where slug = 'told'").update();
        assertThat(smallPrint("/subscribe/told")).contains("We record which stories you click")
                .contains("small image");

        jdbc.sql("update newsletter_list set tracking = 'OFF', track_opens = false where slug = 'told'").update();
        assertThat(smallPrint("/subscribe/told")).contains("we record no clicks").doesNotContain("small image");
    }

    private String smallPrint(String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path)).andReturn().getResponse().getContentAsString())
                .select("main p.small").text();
    }

    @Test
    void knownAndUnknownAddressesGetTheSamePageAndOneConfirmationEmailEach() throws Exception {
        NewsletterList list = world.listWithSubscribers("enum", 2);
        String known = "enum-reader1@example.com";
        String unknown = "enum-newbie1@example.com";
        long knownId = subscribers.findByEmail(known).orElseThrow().id();
        List<Long> knownAudiences = subscribers.audienceIds(knownId, list.id());

        MvcResult forKnown = signup("enum", known, freshIp(), audience(4).id());
        MvcResult forUnknown = signup("enum", unknown, freshIp(), audience(4).id());

        assertThat(forKnown.getResponse().getStatus()).isEqualTo(200).isEqualTo(forUnknown.getResponse().getStatus());
        assertThat(forKnown.getResponse().getContentType()).isEqualTo(forUnknown.getResponse().getContentType());
        assertThat(forKnown.getResponse().getHeaderNames()).isEqualTo(forUnknown.getResponse().getHeaderNames());
        assertThat(forKnown.getResponse().getContentAsString().replace(known, "ADDRESS"))
                .isEqualTo(forUnknown.getResponse().getContentAsString().replace(unknown, "ADDRESS"))
                .contains("Check your inbox");
        flush();
        List<MimeMessage> toKnown = messagesTo(known);
        List<MimeMessage> toUnknown = messagesTo(unknown);
        assertThat(toKnown).hasSize(1);
        assertThat(toUnknown).hasSize(1);
        assertThat(toKnown.get(0).getSubject()).isEqualTo(toUnknown.get(0).getSubject())
                .isEqualTo("Confirm your subscription to List enum");
        // the subscribed address is left exactly as it was
        assertThat(subscribers.statusOf(knownId, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.audienceIds(knownId, list.id())).isEqualTo(knownAudiences);
        // and only its owner learns that it was subscribed already
        String knownConfirm = path(link(textPart(toKnown.get(0)), "/c/"));
        assertThat(Jsoup.parse(mvc.perform(get(knownConfirm)).andReturn().getResponse().getContentAsString())
                .select("h1").text()).isEqualTo("You're already subscribed");
    }

    @Test
    void unsubscribedAddressMustConfirmAgainBeforeReceivingAnything() throws Exception {
        NewsletterList list = world.listWithSubscribers("again", 1);
        String address = "again-reader1@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);

        signup("again", address, freshIp(), audience(5).id());
        flush();

        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        String confirm = path(link(textPart(messagesTo(address).get(0)), "/c/"));
        mvc.perform(post(confirm).with(csrf())).andReturn();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.audienceIds(id, list.id())).containsExactly(audience(5).id());
    }

    @Test
    void suppressedAddressIsReactivatedOnlyByAFreshConfirmation() throws Exception {
        NewsletterList list = world.listWithSubscribers("suppressed", 1);
        String address = "suppressed-reader0@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        suppress(id);

        MvcResult result = signup("suppressed", address, freshIp());
        flush();

        assertThat(result.getResponse().getContentAsString()).contains("Check your inbox");
        assertThat(subscriptions.subscriber(id).orElseThrow().suppressed()).isTrue();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        String confirm = path(link(textPart(messagesTo(address).get(0)), "/c/"));
        mvc.perform(get(confirm)).andReturn();
        assertThat(subscriptions.subscriber(id).orElseThrow().suppressed()).isTrue();

        mvc.perform(post(confirm).with(csrf())).andReturn();

        assertThat(subscriptions.subscriber(id).orElseThrow().suppressed()).isFalse();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    @Test
    void anOldConfirmationLinkDoesNotLiftALaterSuppression() throws Exception {
        NewsletterList list = world.listWithSubscribers("late-suppression", 0);
        String address = "late@example.com";
        signup("late-suppression", address, freshIp());
        flush();
        String confirm = path(link(textPart(messagesTo(address).get(0)), "/c/"));
        mvc.perform(post(confirm).with(csrf())).andReturn();
        long id = subscribers.findByEmail(address).orElseThrow().id();
        suppress(id);

        MockHttpServletResponse again = mvc.perform(post(confirm).with(csrf())).andReturn().getResponse();

        assertThat(again.getStatus()).isEqualTo(410);
        assertThat(subscriptions.subscriber(id).orElseThrow().suppressed()).isTrue();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    @Test
    void listWithoutDoubleOptInSubscribesNewAddressesAtOnceButStillConfirmsKnownOnes() throws Exception {
        NewsletterList list = lists.create(new NewsletterList(0, "single", "Single Opt-In", "Single",
                "single@recap.example", null, "1 Test Street", DayOfWeek.TUESDAY, LocalTime.of(9, 0), ZoneId.of("UTC"),
                Locale.ENGLISH, false, false), List.of(audience(0).id(), audience(1).id()), Instant.now());
        subscribers.subscribe(list.id(), "single-known@example.com", null, null, List.of(), SubscriptionStatus.UNSUBSCRIBED,
                Instant.now());

        signup("single", "single-new@example.com", freshIp());
        signup("single", "single-known@example.com", freshIp());
        flush();

        long newId = subscribers.findByEmail("single-new@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(newId, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(messagesTo("single-new@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("Welcome to Single Opt-In"));
        long knownId = subscribers.findByEmail("single-known@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(knownId, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        assertThat(messagesTo("single-known@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("Confirm your subscription to Single Opt-In"));
    }

    @Test
    void honeypotFilledInLooksAcceptedButStoresAndSendsNothing() throws Exception {
        world.listWithSubscribers("bots", 0);
        String ip = freshIp();

        MockHttpServletResponse response = mvc.perform(post("/subscribe/bots").with(csrf()).with(r -> {
            r.setRemoteAddr(ip);
            return r;
        }).param("email", "bot@example.com").param("website", "https://spam.example")).andReturn().getResponse();
        flush();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentAsString()).contains("Check your inbox");
        assertThat(messagesTo("bot@example.com")).isEmpty();
        assertThat(subscribers.findByEmail("bot@example.com")).isEmpty();
    }

    @Test
    void oneClientIpIsRefusedWith429AfterItsAllowanceOthersAreNot() throws Exception {
        world.listWithSubscribers("flood", 0);
        String ip = freshIp();
        for (int i = 0; i < 5; i++) {
            assertThat(signup("flood", "flood" + i + "@example.com", ip).getResponse().getStatus()).isEqualTo(200);
        }

        MockHttpServletResponse refused = signup("flood", "flood5@example.com", ip).getResponse();

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("3600");
        assertThat(Jsoup.parse(refused.getContentAsString()).select("h1").text()).isEqualTo("Too many attempts");
        assertThat(signup("flood", "flood6@example.com", freshIp()).getResponse().getStatus()).isEqualTo(200);
        flush();
        assertThat(messagesTo("flood5@example.com")).isEmpty();
        assertThat(messagesTo("flood6@example.com")).hasSize(1);
    }

    @Test
    void oneAddressGetsAtMostItsAllowanceOfConfirmationEmailsWhateverTheIp() throws Exception {
        world.listWithSubscribers("inbox-flood", 0);
        String victim = "victim@example.com";
        String first = null;
        for (int i = 0; i < 6; i++) {
            String body = signup("inbox-flood", victim, freshIp()).getResponse().getContentAsString();
            first = first == null ? body : first;
            assertThat(body).isEqualTo(first);
        }
        flush();

        assertThat(messagesTo(victim)).hasSize(3);
    }

    @Test
    void invalidAddressRedisplaysTheFormWithAnExplanation() throws Exception {
        world.listWithSubscribers("typo", 0);

        MockHttpServletResponse response = mvc.perform(post("/subscribe/typo").with(csrf())
                .param("email", "ada@example").param("name", "Ada").param("audience", String.valueOf(audience(2).id())))
                .andReturn().getResponse();

        assertThat(response.getStatus()).isEqualTo(400);
        Document page = Jsoup.parse(response.getContentAsString());
        assertThat(page.select("#email-error").text()).isEqualTo("Enter an email address like name@example.com.");
        assertThat(page.select("#email").attr("value")).isEqualTo("ada@example");
        assertThat(page.select("#email").attr("aria-invalid")).isEqualTo("true");
        assertThat(page.select("#name").attr("value")).isEqualTo("Ada");
        assertThat(page.select("input[name=audience][checked]").eachAttr("value"))
                .containsExactly(String.valueOf(audience(2).id()));
        assertThat(subscribers.findByEmail("ada@example")).isEmpty();
    }

    @Test
    void signupWithoutTheFormsCsrfTokenOnlyAsksTheOwnerToConfirm() throws Exception {
        // the form is embeddable on other sites, so the POST takes no token; what guards it is the email
        NewsletterList list = world.listWithSubscribers("forged", 0);
        String ip = freshIp();

        int status = mvc.perform(post("/subscribe/forged").with(r -> {
            r.setRemoteAddr(ip);
            return r;
        }).param("email", "forged@example.com")).andReturn().getResponse().getStatus();
        flush();

        assertThat(status).isEqualTo(200);
        long id = subscribers.findByEmail("forged@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);
        assertThat(messagesTo("forged@example.com")).singleElement()
                .satisfies(m -> assertThat(m.getSubject()).isEqualTo("Confirm your subscription to List forged"));
    }

    @Test
    void unknownOrArchivedListHasNoSignupPage() throws Exception {
        lists.create(new NewsletterList(0, "retired", "Retired", "Retired", "retired@recap.example", null, "1 Test St",
                DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, true), List.of(),
                Instant.now());

        MockHttpServletResponse unknown = mvc.perform(get("/subscribe/no-such-list")).andReturn().getResponse();
        MockHttpServletResponse archived = mvc.perform(get("/subscribe/retired")).andReturn().getResponse();

        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(Jsoup.parse(unknown.getContentAsString()).select("h1").text()).isEqualTo("Page not found");
        assertThat(archived.getStatus()).isEqualTo(404);
    }

    @Test
    void pagesFollowTheBrowsersLanguage() throws Exception {
        world.listWithSubscribers("deutsch", 0);

        String page = mvc.perform(get("/subscribe/deutsch").header("Accept-Language", "de-DE,de;q=0.9")).andReturn()
                .getResponse().getContentAsString();

        Document doc = Jsoup.parse(page);
        assertThat(doc.select("h1").text()).isEqualTo("List deutsch abonnieren");
        assertThat(doc.select(".lead").text()).startsWith("Jeden Montag eine E-Mail");
        assertThat(doc.select("html").attr("lang")).isEqualTo("de");
    }
}
