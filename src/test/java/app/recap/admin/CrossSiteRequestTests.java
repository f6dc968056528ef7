package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.subscriber.SubscriberEditor;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

/**
 * A page on another site cannot make a signed-in browser change anything here, whatever the authentication:
 * a browser that cached the API's Basic credentials after the 401 prompt sends them along with a forged form.
 */
class CrossSiteRequestTests extends AdminApiTestBase {

    @Autowired SubscriberRepository subscribers;
    @Autowired SubscriberEditor editorOfSubscribers;

    /** What a browser sends with a form another site made it submit: the cached credentials, no custom header. */
    private static RequestPostProcessor browserWithCachedBasic() {
        return httpBasic(ADMIN, ADMIN_PASSWORD);
    }

    private static RequestPostProcessor fromEvilSite() {
        return request -> {
            request.addHeader("Origin", "http://evil.example");
            request.addHeader("Sec-Fetch-Site", "cross-site");
            return request;
        };
    }

    @Test
    void aForgedTextPlainImportFromAnotherSiteCreatesNoSubscriber() throws Exception {
        var list = list(unique("cross-csv"));
        String email = unique("forged") + "@example.com";
        mvc.perform(post("/api/lists/" + list.slug() + "/imports").with(browserWithCachedBasic()).with(fromEvilSite())
                .contentType(MediaType.TEXT_PLAIN).content("email\n" + email + "\n"))
                .andExpect(status().isForbidden());
        // a form sets no custom header: even without Origin and Fetch Metadata (older browsers) it is refused
        mvc.perform(post("/api/lists/" + list.slug() + "/imports").with(browserWithCachedBasic())
                .contentType(MediaType.TEXT_PLAIN).content("email\n" + email + "\n"))
                .andExpect(status().isForbidden());
        mvc.perform(multipart("/api/lists/" + list.slug() + "/imports")
                .file(new MockMultipartFile("file", "a.csv", "text/csv", ("email\n" + email + "\n").getBytes()))
                .with(browserWithCachedBasic()))
                .andExpect(status().isForbidden());
        assertThat(subscribers.findByEmail(email)).isEmpty();

        // a script says who it is, and is let through
        importEnded(mvc.perform(post("/api/lists/" + list.slug() + "/imports").with(admin())
                .contentType(MediaType.TEXT_PLAIN).content("email\n" + email + "\n"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location"));
        assertThat(subscribers.findByEmail(email)).isPresent();
    }

    @Test
    void anEmptyBodyPostFromAnotherSiteUnsubscribesNobody() throws Exception {
        var list = list(unique("cross-unsub"));
        long id = editorOfSubscribers.add(list.id(), unique("kept") + "@example.com", null, List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, java.time.Instant.parse("2026-11-02T00:00:00Z"));
        mvc.perform(post("/api/subscribers/" + id + "/lists/" + list.slug() + "/unsubscribe")
                .with(browserWithCachedBasic()).with(fromEvilSite()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/subscribers/" + id + "/lists/" + list.slug() + "/unsubscribe")
                .with(browserWithCachedBasic()))
                .andExpect(status().isForbidden());
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    @Test
    void aForeignOriginOrCrossSiteFetchIsRefusedEvenWithJson() throws Exception {
        mvc.perform(post("/api/feeds/fetch").with(admin()).header("Origin", "http://evil.example"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/audiences").with(admin()).header("Sec-Fetch-Site", "cross-site")
                .contentType(MediaType.APPLICATION_JSON).content("{\"displayName\":\"Forged\"}"))
                .andExpect(status().isForbidden());
        // the site itself is welcome
        mvc.perform(post("/api/audiences").with(admin()).header("Origin", "https://recap.example")
                .header("Sec-Fetch-Site", "same-origin").contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\":\"" + unique("same-origin") + "\",\"displayName\":\"Ours\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void theAdminUiAndPublicFormsRefuseCrossSitePostsEvenWithAToken() throws Exception {
        mvc.perform(post("/admin/feeds").param("url", "https://forged.example/feed").param("name", "Forged")
                .with(csrf()).with(fromEvilSite()))
                .andExpect(status().isForbidden());
        // the preference center's and the confirmation's forms (the sign-up POST alone is embeddable, below)
        mvc.perform(post("/p/any-token/pause").param("weeks", "4").with(csrf())
                .header("Origin", "http://evil.example"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/c/any-token").with(csrf()).header("Origin", "http://evil.example"))
                .andExpect(status().isForbidden());
    }

    @Test
    void ourOwnNoReferrerPagesMayPostWithANullOrigin() throws Exception {
        // chromium on /c/ and /p/ (Referrer-Policy: no-referrer) sends "Origin: null" with the page's own form;
        // Fetch Metadata says same-origin. Not refused here (an unknown token, so 404), where it was 403
        mvc.perform(post("/c/unknown-token").with(csrf()).header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin"))
                .andExpect(status().isNotFound());
        // the same null Origin from another site, or with no Fetch Metadata to vouch for it, is still refused
        mvc.perform(post("/c/unknown-token").with(csrf()).header("Origin", "null")
                .header("Sec-Fetch-Site", "cross-site"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/c/unknown-token").with(csrf()).header("Origin", "null"))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/feeds").param("url", "https://forged.example/feed").param("name", "Forged")
                .with(csrf()).header("Origin", "null").header("Sec-Fetch-Site", "same-site"))
                .andExpect(status().isForbidden());
    }

    @Test
    void oneClickUnsubscribeWebhooksAndTheEmbeddableSignupStayOpenToCrossSitePosts() throws Exception {
        // the sign-up form a list's website embeds: no token, another origin; here an unknown list, so 404
        mvc.perform(post("/subscribe/no-such-list").with(fromEvilSite())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("email=someone%40example.com"))
                .andExpect(status().isNotFound());
        // RFC 8058: the mail provider posts from wherever it is; the signed URL is the proof (here: none, so 404)
        mvc.perform(post("/u/not-a-token").with(fromEvilSite())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("List-Unsubscribe=One-Click"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/webhooks/provider").with(fromEvilSite())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("event=bounce"))
                .andExpect(result -> assertThat(result.getResponse().getStatus()).isNotEqualTo(403));
    }
}
