package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;

import app.recap.admin.AdminApiTestBase;

/**
 * An open admin UI session acts with the account as it is now, not as it was at sign-in: the account is read
 * from the database on every request, so a change made on any node takes effect at once on every node.
 */
class AccountSessionTests extends AdminApiTestBase {

    private static final String PASSWORD = "session password 123";

    @Autowired JdbcClient jdbc;

    @Test
    void disablingAnEditorEndsItsOpenSessionAtOnce() throws Exception {
        var editor = accounts.create(unique("disabled") + "@recap.example", PASSWORD, Role.EDITOR).orElseThrow();
        MockHttpSession session = signIn(editor.email(), "10.11.0.1");
        mvc.perform(get("/admin/feeds").session(session)).andExpect(status().isOk());

        accounts.update(editor.id(), Role.EDITOR, false);

        String url = "https://" + unique("after-disable") + ".example/feed.xml";
        mvc.perform(post("/admin/feeds").param("url", url).param("name", "Too late").with(csrf()).session(session))
                .andExpect(redirectedUrlPattern("/admin/login*"));
        assertThat(feedsWithUrl(url)).isZero();
        mvc.perform(get("/admin/feeds").session(session)).andExpect(redirectedUrlPattern("/admin/login*"));
    }

    @Test
    void aDemotedAdminKeepsItsSessionButLosesAdminPowersAtOnce() throws Exception {
        var admin = accounts.create(unique("demoted") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        MockHttpSession session = signIn(admin.email(), "10.11.0.2");
        mvc.perform(get("/admin/subscribers").session(session)).andExpect(status().isOk());

        accounts.update(admin.id(), Role.EDITOR, true);

        mvc.perform(get("/admin/subscribers/export.csv").session(session)).andExpect(status().isForbidden());
        String created = unique("made-by-demoted") + "@recap.example";
        mvc.perform(post("/admin/accounts").param("email", created).param("password", "a long password 1")
                .param("role", "ADMIN").with(csrf()).session(session))
                .andExpect(status().isForbidden());
        assertThat(accounts.findByEmail(created)).isEmpty();
        // still signed in, as an editor
        mvc.perform(get("/admin/feeds").session(session)).andExpect(status().isOk());

        accounts.update(admin.id(), Role.ADMIN, true);
        mvc.perform(get("/admin/subscribers").session(session)).andExpect(status().isOk());
    }

    @Test
    void changingThePasswordEndsTheAccountsOpenSessions() throws Exception {
        var editor = accounts.create(unique("password") + "@recap.example", PASSWORD, Role.EDITOR).orElseThrow();
        MockHttpSession first = signIn(editor.email(), "10.11.0.3");
        MockHttpSession second = signIn(editor.email(), "10.11.0.4");

        accounts.changePassword(editor.id(), "a new password 456");

        mvc.perform(get("/admin/feeds").session(first)).andExpect(redirectedUrlPattern("/admin/login*"));
        mvc.perform(get("/admin/feeds").session(second)).andExpect(redirectedUrlPattern("/admin/login*"));
        mvc.perform(post("/admin/login").param("username", editor.email()).param("password", "a new password 456")
                .with(csrf()).with(from("10.11.0.3"))).andExpect(redirectedUrl("/admin"));
    }

    @Test
    void aChangeWrittenByAnotherNodeTakesEffectHere() throws Exception {
        var editor = accounts.create(unique("other-node") + "@recap.example", PASSWORD, Role.EDITOR).orElseThrow();
        MockHttpSession session = signIn(editor.email(), "10.11.0.5");
        mvc.perform(get("/admin/feeds").session(session)).andExpect(status().isOk());

        // another node of the cluster shares only the database
        jdbc.sql("update admin_account set enabled = false where id = ?").param(editor.id()).update();

        mvc.perform(get("/admin/feeds").session(session)).andExpect(redirectedUrlPattern("/admin/login*"));
    }

    private MockHttpSession signIn(String email, String from) throws Exception {
        var result = mvc.perform(post("/admin/login").param("username", email).param("password", PASSWORD)
                .with(csrf()).with(from(from))).andExpect(redirectedUrl("/admin")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private long feedsWithUrl(String url) {
        return jdbc.sql("select count(*) from feed_source where url = ?").param(url).query(Long.class).single();
    }
}
