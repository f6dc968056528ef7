package app.recap.admin;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The links in a subscriber's emails are their only key, so a page opened by such a link tells no other site
 * where the visitor came from; every other page tells only our origin.
 */
class SecurityHeadersTests extends AdminApiTestBase {

    @Test
    void tokenPagesSendNoReferrer() throws Exception {
        for (String url : List.of("/u/some-token", "/p/some-token", "/c/some-token", "/p/some-token/data",
                "/r/some-token", "/o/some-token")) {
            mvc.perform(get(url)).andExpect(header().string("Referrer-Policy", "no-referrer"));
        }
    }

    @Test
    void everyOtherPageSendsOnlyTheOrigin() throws Exception {
        for (String url : List.of("/subscribe/some-list", "/archive/some-list", "/admin/login", "/admin")) {
            mvc.perform(get(url)).andExpect(header().string("Referrer-Policy", "strict-origin-when-cross-origin"));
        }
        mvc.perform(get("/api/lists").with(admin()))
                .andExpect(header().string("Referrer-Policy", "strict-origin-when-cross-origin"));
    }

    @Test
    void pagesMayUseNoPowerfulBrowserFeatures() throws Exception {
        for (String url : List.of("/u/some-token", "/subscribe/some-list", "/admin/login")) {
            mvc.perform(get(url)).andExpect(header().string("Permissions-Policy", containsString("camera=()")))
                    .andExpect(header().string("Permissions-Policy", containsString("geolocation=()")));
        }
    }

    @Test
    void pagesServedOverTlsCarryHsts() throws Exception {
        mvc.perform(get("/admin/login").secure(true))
                .andExpect(header().string("Strict-Transport-Security", containsString("max-age=31536000")));
        mvc.perform(get("/u/some-token").secure(true))
                .andExpect(header().string("Strict-Transport-Security", containsString("max-age=31536000")));
    }
}
