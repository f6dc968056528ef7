package app.recap.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.PersonalData;
import app.recap.subscriber.SubscriberErasure;

/**
 * A digest's story links go through {@code /r/}: signed, redirected to the stored story, counted as the list's
 * mode says; footer links are never tracked, and a tampered or unknown token gets the 404 page.
 */
class ClickTrackingTests extends TrackingTestBase {

    @Autowired SubscriberErasure erasure;
    @Autowired List<PersonalData> personalData;

    @Test
    void storyLinksInBothPartsAreSignedRedirectsAndFooterLinksAreNot() throws Exception {
        sentList("track-anon", 1, ClickTracking.ANONYMOUS);
        MimeMessage message = onlyMessageTo("track-anon-reader0@example.com");
        String html = part(message, "text/html");
        String text = part(message, "text/plain");

        List<String> textStories = links(text, "/r/");
        assertThat(textStories).as("one tracked link per story in the text part").isNotEmpty();
        List<String> htmlStories = links(html, "/r/");
        assertThat(new java.util.HashSet<>(htmlStories)).as("the same tracked story links in both parts")
                .isEqualTo(new java.util.HashSet<>(textStories));
        assertThat(htmlStories.size()).as("full stories link title and 'read the full story', compact ones the title")
                .isGreaterThan(textStories.size()).isLessThanOrEqualTo(textStories.size() * 2);
        assertThat(links(text, "/u/")).hasSize(1);
        assertThat(links(text, "/p/")).hasSize(1);
        assertThat(links(text, "/v/")).as("the reader's own copy in the browser, untracked").hasSize(1);
        assertThat(links(html, "/o/")).as("no open pixel unless the list asks for it").isEmpty();
        assertThat(message.getHeader("List-Unsubscribe")[0]).contains("/u/").doesNotContain("/r/");
        assertThat(path(textStories.get(0))).as("anonymous links carry no reader part").matches("/r/[A-Za-z0-9_-]+");
        assertThat(path(textStories.get(0)).length()).as("short token").isLessThan(80);

        clock.advance(Duration.ofMinutes(5));
        MvcResult followed = mvc.perform(get(path(textStories.get(0)))).andReturn();
        assertThat(followed.getResponse().getStatus()).isEqualTo(302);
        String target = followed.getResponse().getHeader("Location");
        assertThat(jdbc.sql("select count(*) from story where url = ?").param(target).query(Long.class).single())
                .as("redirects to a stored story's address").isEqualTo(1);
        assertThat(text).as("the story's own address is not in the message").doesNotContain(target + "\n");
        assertThat(events(ofList("track-anon") + " and kind = 'CLICK' and machine_reason is null "
                + "and subscriber_id is null and delivery_id is null and story_id is not null")).isEqualTo(1);
    }

    @Test
    void tamperedOrUnknownTokensGetTheNotFoundPageAndNoRedirect() throws Exception {
        sentList("track-tamper", 1, ClickTracking.ANONYMOUS);
        String link = path(links(part(onlyMessageTo("track-tamper-reader0@example.com"), "text/plain"), "/r/").get(0));
        clock.advance(Duration.ofMinutes(5));
        char last = link.charAt(link.length() - 1);
        String tampered = link.substring(0, link.length() - 1) + (last == 'A' ? 'B' : 'A');
        String unsubscribe = path(links(part(onlyMessageTo("track-tamper-reader0@example.com"), "text/plain"),
                "/u/").get(0)).replace("/u/", "/r/");
        for (String bad : List.of(tampered, "/r/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/r/x", unsubscribe,
                link + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")) {
            MvcResult result = mvc.perform(get(bad)).andReturn();
            assertThat(result.getResponse().getStatus()).as(bad).isEqualTo(404);
            assertThat(result.getResponse().getHeader("Location")).as(bad).isNull();
            assertThat(result.getResponse().getContentAsString()).as(bad).contains("<h1");
        }
        assertThat(events(ofList("track-tamper"))).isZero();
    }

    @Test
    void perSubscriberClicksNameTheReaderAppearInTheirDataAndLoseTheNameOnErasure() throws Exception {
        NewsletterList list = sentList("track-named", 2, ClickTracking.SUBSCRIBER);
        long reader = jdbc.sql("select id from subscriber where email = 'track-named-reader1@example.com'")
                .query(Long.class).single();
        String link = links(part(onlyMessageTo("track-named-reader1@example.com"), "text/html"), "/r/").get(0);
        assertThat(path(link)).as("link part and signed reader part").matches("/r/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        clock.advance(Duration.ofMinutes(5));
        assertThat(mvc.perform(get(path(link))).andReturn().getResponse().getStatus()).isEqualTo(302);
        assertThat(events("subscriber_id = ? and delivery_id is not null and machine_reason is null", reader))
                .isEqualTo(1);

        PersonalData clicks = personalData.stream().filter(p -> p.name().equals("clicks")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        List<Object> exported = (List<Object>) clicks.export(reader);
        assertThat(exported).hasSize(1);
        assertThat(exported.get(0).toString()).contains(list.slug()).contains("2026-W48").contains("CLICK");

        assertThat(erasure.erase(reader, SubscriberErasure.Remains.NOTHING)).isTrue();
        assertThat(events("subscriber_id = ?", reader)).isZero();
        assertThat(events("edition_id in (select e.id from edition e where e.list_id = ?) and kind = 'CLICK' "
                + "and machine_reason is null", list.id())).as("the count stays, without the name").isEqualTo(1);
    }

    @Test
    void aListThatDoesNotTrackLinksStraightToTheStories() throws Exception {
        sentList("track-off", 1, ClickTracking.OFF);
        String text = part(onlyMessageTo("track-off-reader0@example.com"), "text/plain");
        assertThat(links(text, "/r/")).isEmpty();
        assertThat(text).contains("https://");
    }

    @Test
    void theArchiveCopyCarriesUntrackedLinks() throws Exception {
        sentList("track-archive", 1, ClickTracking.SUBSCRIBER);
        String page = mvc.perform(get("/archive/track-archive/" + W48)).andReturn().getResponse()
                .getContentAsString();
        assertThat(page).contains("<h3").doesNotContain("/r/");
    }

    @Test
    void theOpenPixelIsOnlyInListsThatAskForIt() throws Exception {
        NewsletterList list = world.listWithSubscribers("track-opens", 1);
        withTracking(list, ClickTracking.ANONYMOUS, true);
        assertThat(weeklyDigest.run("track-opens", W48).jobStatus()).isEqualTo("COMPLETED");
        String html = part(onlyMessageTo("track-opens-reader0@example.com"), "text/html");
        List<String> pixels = links(html, "/o/");
        assertThat(pixels).hasSize(1);
        MvcResult pixel = mvc.perform(get(path(pixels.get(0)))).andReturn();
        assertThat(pixel.getResponse().getContentType()).isEqualTo("image/gif");
        assertThat(events("kind = 'OPEN' and edition_id in (select id from edition where list_id = ?)", list.id()))
                .isEqualTo(1);
    }
}
