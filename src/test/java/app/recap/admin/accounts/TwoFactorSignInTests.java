package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.TestPropertySource;

import app.recap.admin.AdminApiTestBase;

/**
 * Two-factor sign-in through the real filter chain: the password alone does not sign an enrolled account in, a
 * code does once, recovery codes work once, wrong codes are throttled with wrong passwords, a required role must
 * enrol first, disabling needs a code, and an admin's reset is in the audit log.
 */
@TestPropertySource(properties = "recap.admin.two-factor.required-roles=EDITOR")
class TwoFactorSignInTests extends AdminApiTestBase {

    private static final String PASSWORD = "two factor password 1";
    private static final Pattern SECRET = Pattern.compile("id=\"two-factor-secret\">([A-Z2-7 ]+)<");

    @Autowired JdbcClient jdbc;
    @Autowired TwoFactor twoFactor;
    @Autowired ApiTokens tokens;

    @Test
    void aRightPasswordAloneDoesNotSignAnEnrolledAdminIn() throws Exception {
        var admin = accounts.create(unique("tf-admin") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        String secret = enrol(admin.email(), "10.12.0.1");

        MockHttpSession session = password(admin.email(), "10.12.0.1");
        mvc.perform(get("/admin/subscribers").session(session)).andExpect(redirectedUrl("/admin/login"));
        mvc.perform(get("/admin/login/code").session(session)).andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("name=\"code\"")));

        // on to the page asked for before signing in
        mvc.perform(post("/admin/login/code").param("code", Totp.code(secret, now() + 1)).with(csrf())
                .with(from("10.12.0.1")).session(session))
                .andExpect(redirectedUrl("https://recap.example/admin/subscribers?continue"));
        mvc.perform(get("/admin/subscribers").session(session)).andExpect(status().isOk());
    }

    @Test
    void anEnrolledAccountsPasswordAloneIsRefusedOnTheApiButItsTokenWorks() throws Exception {
        var admin = accounts.create(unique("tf-api") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        mvc.perform(get("/api/lists").with(script(httpBasic(admin.email(), PASSWORD))).with(from("10.12.0.6")))
                .andExpect(status().isOk());
        enrol(admin.email(), "10.12.0.6");
        mvc.perform(get("/api/lists").with(script(httpBasic(admin.email(), PASSWORD))).with(from("10.12.0.6")))
                .andExpect(status().isUnauthorized());
        String token = tokens.create(admin.id(), "ci").secret();
        mvc.perform(get("/api/lists").header("Authorization", "Bearer " + token).with(from("10.12.0.6")))
                .andExpect(status().isOk());
    }

    @Test
    void eachCodeSignsInOnceAndRecoveryCodesWorkOnce() throws Exception {
        var admin = accounts.create(unique("tf-once") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        String secret = enrol(admin.email(), "10.12.0.2");
        List<String> recovery = twoFactor.enrol(admin.id(), secret, now() - 2);

        String code = Totp.code(secret, now());
        MockHttpSession first = password(admin.email(), "10.12.0.2");
        mvc.perform(post("/admin/login/code").param("code", code).with(csrf()).with(from("10.12.0.2")).session(first))
                .andExpect(redirectedUrl("/admin"));
        MockHttpSession second = password(admin.email(), "10.12.0.2");
        mvc.perform(post("/admin/login/code").param("code", code).with(csrf()).with(from("10.12.0.2")).session(second))
                .andExpect(redirectedUrl("/admin/login/code?error"));

        mvc.perform(post("/admin/login/code").param("code", recovery.get(3).toUpperCase()).with(csrf())
                .with(from("10.12.0.2")).session(second)).andExpect(redirectedUrl("/admin"));
        assertThat(twoFactor.recoveryCodesLeft(admin.id())).isEqualTo(9);
        MockHttpSession third = password(admin.email(), "10.12.0.2");
        mvc.perform(post("/admin/login/code").param("code", recovery.get(3)).with(csrf()).with(from("10.12.0.2"))
                .session(third)).andExpect(redirectedUrl("/admin/login/code?error"));
        assertThat(jdbc.sql("select count(*) from admin_recovery_code where code_hash like '%-%' or length(code_hash) <> 64")
                .query(Long.class).single()).isZero();
    }

    @Test
    void wrongCodesCountInTheLoginThrottle() throws Exception {
        var admin = accounts.create(unique("tf-throttle") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        String secret = enrol(admin.email(), "10.12.0.3");
        MockHttpSession session = password(admin.email(), "10.12.0.3");
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/admin/login/code").param("code", "000000").with(csrf()).with(from("10.12.0.3"))
                    .session(session)).andExpect(redirectedUrl("/admin/login/code?error"));
        }
        mvc.perform(post("/admin/login/code").param("code", Totp.code(secret, now())).with(csrf())
                .with(from("10.12.0.3")).session(session)).andExpect(status().isTooManyRequests());
        // and the password step for that account from there is throttled too
        mvc.perform(post("/admin/login").param("username", admin.email()).param("password", PASSWORD).with(csrf())
                .with(from("10.12.0.3"))).andExpect(status().isTooManyRequests());
        mvc.perform(get("/admin/feeds").session(session)).andExpect(redirectedUrl("/admin/login"));
    }

    @Test
    void aRequiredRoleWithoutASecondFactorMustEnrolBeforeAnythingElse() throws Exception {
        var editor = accounts.create(unique("tf-required") + "@recap.example", PASSWORD, Role.EDITOR).orElseThrow();
        MockHttpSession session = password(editor.email(), "10.12.0.4");
        mvc.perform(get("/admin/feeds").session(session)).andExpect(redirectedUrl("/admin/two-factor"));
        mvc.perform(post("/admin/feeds").param("url", "https://x.example/feed").param("name", "x").with(csrf())
                .session(session)).andExpect(redirectedUrl("/admin/two-factor"));
        String page = mvc.perform(get("/admin/two-factor").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"two-factor-required\"").contains("data:image/svg+xml;base64,");
        String secret = secretOf(page);
        mvc.perform(post("/admin/two-factor").param("code", Totp.code(secret, now())).with(csrf()).session(session))
                .andExpect(redirectedUrl("/admin/two-factor"));
        mvc.perform(get("/admin/feeds").session(session)).andExpect(status().isOk());
        // the secret is never shown again
        assertThat(mvc.perform(get("/admin/two-factor").session(session)).andReturn().getResponse()
                .getContentAsString()).doesNotContain(secret.replaceAll("(.{4})(?!$)", "$1 ")).contains("two-factor-on");
    }

    @Test
    void disablingNeedsACurrentCodeAndAnAdminCanResetAnotherAccount() throws Exception {
        var admin = accounts.create(unique("tf-disable") + "@recap.example", PASSWORD, Role.ADMIN).orElseThrow();
        String secret = enrol(admin.email(), "10.12.0.5");
        MockHttpSession session = password(admin.email(), "10.12.0.5");
        mvc.perform(post("/admin/login/code").param("code", Totp.code(secret, now())).with(csrf())
                .with(from("10.12.0.5")).session(session)).andExpect(redirectedUrl("/admin"));

        String wrong = Totp.code(secret, now() + 1).equals("123456") ? "654321" : "123456";
        mvc.perform(post("/admin/two-factor/disable").param("code", wrong).with(csrf()).session(session))
                .andExpect(redirectedUrl("/admin/two-factor"));
        assertThat(twoFactor.enrolled(admin.id())).isTrue();
        mvc.perform(post("/admin/two-factor/disable").param("code", Totp.code(secret, now() + 1)).with(csrf())
                .session(session)).andExpect(redirectedUrl("/admin/two-factor"));
        assertThat(twoFactor.enrolled(admin.id())).isFalse();
        assertThat(jdbc.sql("select count(*) from audit_log where action = 'two-factor.disable' and target_id = ?")
                .param(admin.email()).query(Long.class).single()).isEqualTo(1);

        var other = accounts.create(unique("tf-reset") + "@recap.example", PASSWORD, Role.EDITOR).orElseThrow();
        twoFactor.enrol(other.id(), Totp.newSecret(), 0);
        mvc.perform(post("/admin/accounts/" + other.id() + "/two-factor/reset").with(csrf()).session(session))
                .andExpect(redirectedUrl("/admin/accounts"));
        assertThat(twoFactor.enrolled(other.id())).isFalse();
        assertThat(jdbc.sql("select actor from audit_log where action = 'two-factor.reset' and target_id = ?")
                .param(other.email()).query(String.class).list()).containsExactly(admin.email());
    }

    /** Signs in with the password and enrols through the account page, then signs out; returns the secret. */
    private String enrol(String email, String address) throws Exception {
        MockHttpSession session = password(email, address);
        String secret = secretOf(mvc.perform(get("/admin/two-factor").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        String previousStep = Totp.code(secret, TotpSteps.withRoom(Duration.ofSeconds(5)) - 1);
        var result = mvc.perform(post("/admin/two-factor").param("code", previousStep).with(csrf())
                .session(session)).andExpect(redirectedUrl("/admin/two-factor")).andReturn();
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) result.getFlashMap().get("recoveryCodes");
        assertThat(codes).hasSize(10).doesNotHaveDuplicates();
        mvc.perform(post("/admin/logout").with(csrf()).session(session));
        return secret;
    }

    private MockHttpSession password(String email, String address) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/admin/login").param("username", email).param("password", PASSWORD).with(csrf())
                .with(from(address)).session(session));
        return session;
    }

    private static String secretOf(String page) {
        Matcher m = SECRET.matcher(page);
        assertThat(m.find()).as("the page shows the secret").isTrue();
        return m.group(1).replace(" ", "");
    }

    private static long now() {
        return Totp.step(Instant.now());
    }
}
