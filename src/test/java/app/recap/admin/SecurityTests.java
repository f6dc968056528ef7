package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.admin.accounts.ApiTokens;
import app.recap.admin.accounts.Role;

class SecurityTests extends AdminApiTestBase {

    @Autowired ApiTokens tokens;
    @Autowired JdbcClient jdbc;

    @Test
    void theFirstAdminComesFromConfigurationWithABcryptHash() {
        var account = accounts.findByEmail(ADMIN).orElseThrow();
        assertThat(account.role()).isEqualTo(Role.ADMIN);
        String hash = jdbc.sql("select password_hash from admin_account where email = ?").param(ADMIN)
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}$2").doesNotContain(ADMIN_PASSWORD);
    }

    @Test
    void anonymousIsRefusedEverywhereUnderAdminAndApi() throws Exception {
        for (String url : List.of("/admin", "/admin/lists", "/admin/subscribers", "/admin/feeds", "/admin/editions",
                "/admin/audiences", "/admin/accounts", "/admin/audit", "/admin/imports", "/admin/anything")) {
            mvc.perform(get(url)).andExpect(status().is3xxRedirection())
                    .andExpect(redirectedUrl("/admin/login"));
        }
        for (String url : List.of("/api/lists", "/api/subscribers", "/api/suppressions", "/api/audiences",
                "/api/imports/1", "/api/lists/x/editions", "/api/anything")) {
            mvc.perform(get(url)).andExpect(status().isUnauthorized());
        }
        mvc.perform(post("/api/lists").contentType("application/json").content("{}"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void publicSideStaysOpen() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
        mvc.perform(get("/css/admin.css")).andExpect(status().isOk());
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.openapi").exists())
                .andExpect(jsonPath("$.paths['/api/lists']").exists())
                .andExpect(jsonPath("$.paths['/api/subscribers']").exists());
    }

    @Test
    void formLoginNeedsACsrfTokenAndSignsIn() throws Exception {
        // refused: without a session Spring Security takes a missing token for an expired session
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", ADMIN_PASSWORD))
                .andExpect(redirectedUrl("/admin/login?expired"));
        // with a session whose page had a token, a forged post is plainly forbidden
        var session = new org.springframework.mock.web.MockHttpSession();
        mvc.perform(get("/admin/login").session(session)).andExpect(status().isOk());
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", ADMIN_PASSWORD).session(session))
                .andExpect(status().isForbidden());
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", ADMIN_PASSWORD).with(csrf()))
                .andExpect(redirectedUrl("/admin"));
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", "wrong").with(csrf())
                .with(from("10.1.0.1")))
                .andExpect(redirectedUrl("/admin/login?error"));
    }

    @Test
    void repeatedFailedBasicCredentialsFromOneClientAnswer429() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/lists").with(httpBasic(ADMIN, "guess " + i)).with(from("10.2.0.1")))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(get("/api/lists").with(httpBasic(ADMIN, "guess 6")).with(from("10.2.0.1")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.status").value(429));
        // even the right password waits: otherwise guessing could go on
        mvc.perform(get("/api/lists").with(admin()).with(from("10.2.0.1"))).andExpect(status().isTooManyRequests());
        // another client is not affected
        mvc.perform(get("/api/lists").with(admin()).with(from("10.2.0.2"))).andExpect(status().isOk());
    }

    @Test
    void repeatedFailedFormLoginsAnswer429() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/admin/login").param("username", ADMIN).param("password", "guess " + i).with(csrf())
                    .with(from("10.3.0.1")))
                    .andExpect(redirectedUrl("/admin/login?error"));
        }
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", ADMIN_PASSWORD).with(csrf())
                .with(from("10.3.0.1")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
    }

    @Test
    void aStrangerBehindTheSameAddressCannotLockTheAdminOut() throws Exception {
        // someone at the admin's office NAT fails again and again, with their own account or a made-up one
        for (int i = 0; i < 6; i++) {
            mvc.perform(get("/api/lists").with(httpBasic("stranger@recap.example", "guess " + i)).with(from("10.5.0.1")))
                    .andExpect(status().is4xxClientError());
            mvc.perform(post("/admin/login").param("username", "stranger@recap.example").param("password", "guess " + i)
                    .with(csrf()).with(from("10.5.0.1")));
        }
        mvc.perform(get("/api/lists").with(httpBasic("stranger@recap.example", "guess 7")).with(from("10.5.0.1")))
                .andExpect(status().isTooManyRequests());
        // the admin at the same address signs in as usual
        mvc.perform(get("/api/lists").with(admin()).with(from("10.5.0.1"))).andExpect(status().isOk());
        mvc.perform(post("/admin/login").param("username", ADMIN).param("password", ADMIN_PASSWORD).with(csrf())
                .with(from("10.5.0.1")))
                .andExpect(redirectedUrl("/admin"));
        // and a stranger elsewhere guessing the admin's password locks out only that stranger
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/lists").with(httpBasic(ADMIN, "guess " + i)).with(from("10.5.0.2")));
        }
        mvc.perform(get("/api/lists").with(admin()).with(from("10.5.0.2"))).andExpect(status().isTooManyRequests());
        mvc.perform(get("/api/lists").with(admin()).with(from("10.5.0.3"))).andExpect(status().isOk());
    }

    @Test
    void apiTokensAuthenticateWithTheirAccountsRoleUntilRevoked() throws Exception {
        long editorId = accounts.findByEmail(EDITOR).orElseThrow().id();
        ApiTokens.Created created = tokens.create(editorId, "ci");
        String stored = jdbc.sql("select token_hash from api_token where id = ?").param(created.token().id())
                .query(String.class).single();
        assertThat(stored).isNotEqualTo(created.secret()).hasSize(64);

        mvc.perform(get("/api/lists").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isOk());
        mvc.perform(get("/api/subscribers").header("Authorization", "Bearer " + created.secret()))
                .andExpect(status().isForbidden());

        tokens.revoke(editorId, created.token().id());
        mvc.perform(get("/api/lists").header("Authorization", "Bearer " + created.secret()).with(from("10.4.0.1")))
                .andExpect(status().isUnauthorized());
        mvc.perform(get("/api/lists").header("Authorization", "Bearer recap_made-up").with(from("10.4.0.1")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void adminPagesCarrySecurityHeaders() throws Exception {
        mvc.perform(get("/admin/login"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        mvc.perform(get("/api/lists").with(admin()))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }
}
