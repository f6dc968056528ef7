package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.ZoneId;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.admin.AdminApiTestBase;
import app.recap.admin.AdminTimes;

/** "Your account": each admin picks the zone the screens show times in; others keep theirs. */
class OwnAccountTests extends AdminApiTestBase {

    @Autowired AdminTimes times;

    @Test
    void anAdminsChosenZoneIsTheOneTheirScreensShowAndNobodyElses() throws Exception {
        String email = unique("tokyo") + "@recap.example";
        accounts.create(email, "a long enough password", Role.ADMIN).orElseThrow();
        RequestPostProcessor tokyo = user(email).roles("ADMIN");
        ZoneId lists = times.listsZone();
        assertThat(lists).isNotEqualTo(ZoneId.of("Asia/Tokyo"));

        assertThat(page("/admin/account", tokyo)).contains("Times are shown in " + lists.getId());
        mvc.perform(post("/admin/account/time-zone").param("timeZone", " Asia/Tokyo ").with(tokyo).with(csrf()))
                .andExpect(redirectedUrl("/admin/account"));

        assertThat(accounts.timeZone(email)).contains(ZoneId.of("Asia/Tokyo"));
        assertThat(page("/admin/account", tokyo)).contains("Times are shown in Asia/Tokyo", "JST");
        // the audit log's entry for the change, as this admin and as another one sees it
        String audit = page("/admin/audit?actor=" + email, tokyo);
        assertThat(audit).contains("account.time-zone", " JST\"");
        // one entry, one time: relative, with the full time on hover (the fragments must not both match)
        assertThat(audit.split("<time ", -1)).hasSize(2);
        assertThat(page("/admin/audit?actor=" + email, user(ADMIN).roles("ADMIN"))).contains("account.time-zone")
                .doesNotContain(" JST\"");
        assertThat(accounts.timeZone(ADMIN)).isEmpty();
    }

    @Test
    void aZoneThatDoesNotExistIsRefusedOnThePageAndABlankOneFollowsTheListsAgain() throws Exception {
        String email = unique("zone") + "@recap.example";
        accounts.create(email, "a long enough password", Role.EDITOR).orElseThrow();
        RequestPostProcessor editor = user(email).roles("EDITOR");
        accounts.setTimeZone(email, ZoneId.of("America/New_York"));

        var refused = mvc.perform(post("/admin/account/time-zone").param("timeZone", "Mars/Olympus_Mons")
                .with(editor).with(csrf())).andExpect(redirectedUrl("/admin/account")).andReturn();
        assertThat(refused.getFlashMap().get("error")).asString().contains("\"Mars/Olympus_Mons\" is not a time zone");
        assertThat(accounts.timeZone(email)).contains(ZoneId.of("America/New_York"));

        mvc.perform(post("/admin/account/time-zone").param("timeZone", "").with(editor).with(csrf()))
                .andExpect(redirectedUrl("/admin/account"));
        assertThat(accounts.timeZone(email)).isEmpty();
        assertThat(page("/admin/account", editor)).contains("Times are shown in " + times.listsZone().getId());
    }

    private String page(String path, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(path).with(who)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }
}
