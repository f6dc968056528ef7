package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import issuer.TestIssuer;

/**
 * Single sign-on against a real OpenID Connect issuer ({@link TestIssuer}: Spring Authorization Server in its own
 * context and port), browser-less: a cookie-keeping HTTP client follows every redirect, signs in on the issuer's
 * form, consents, and comes back to Recap, which checks the ID token against the issuer's keys and maps the email
 * to its account and the {@code groups} claim to its role. Recap runs at {@code localhost} and the issuer at
 * {@code 127.0.0.1}, so their session cookies stay apart as they would on two hosts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:single-sign-on;DB_CLOSE_DELAY=-1",
        "spring.security.oauth2.client.registration.test.client-id=" + TestIssuer.CLIENT_ID,
        "spring.security.oauth2.client.registration.test.client-secret=" + TestIssuer.CLIENT_SECRET,
        "spring.security.oauth2.client.registration.test.client-name=Test SSO",
        "spring.security.oauth2.client.registration.test.scope=openid,email",
        "spring.security.oauth2.client.registration.test.provider=test",
        "recap.admin.oidc.role-claim=groups",
        "recap.admin.oidc.role-mapping.recap-admins=ADMIN",
        "recap.admin.oidc.role-mapping.recap-editors=EDITOR"})
@Tag("database")
class SingleSignOnTests {

    static final int RECAP_PORT = TestIssuer.freePort();
    static final int ISSUER_PORT = TestIssuer.freePort();
    static final String RECAP = "http://localhost:" + RECAP_PORT;
    static ConfigurableApplicationContext issuer;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        if (issuer == null) {
            issuer = TestIssuer.start(ISSUER_PORT, RECAP + "/login/oauth2/code/test");
        }
        registry.add("server.port", () -> RECAP_PORT);
        registry.add("recap.base-url", () -> RECAP);
        registry.add("spring.security.oauth2.client.provider.test.issuer-uri", () -> "http://127.0.0.1:" + ISSUER_PORT);
    }

    @AfterAll
    static void stopIssuer() {
        if (issuer != null) {
            issuer.close();
            issuer = null;
        }
    }

    @Autowired AdminAccounts accounts;
    @Autowired JdbcClient jdbc;

    @Test
    void signsInThroughTheIssuerAsTheAccountOfTheEmailWithTheRoleOfTheGroupsClaim() throws Exception {
        var ada = accounts.findByEmail("ada@sso.example")
                .orElseGet(() -> accounts.create("ada@sso.example", "ada's own password 1", Role.EDITOR).orElseThrow());
        Browserless client = new Browserless();

        var landed = client.signInThroughIssuer("ada@sso.example");
        assertThat(landed.uri().toString()).isEqualTo(RECAP + "/admin");
        assertThat(landed.body()).contains("Signed in as ada@sso.example (ADMIN)");
        assertThat(accounts.findById(ada.id()).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(client.get(RECAP + "/admin/subscribers").statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_log where actor = 'sso:test' and target_id = ?")
                .param("ada@sso.example").query(Long.class).single()).isPositive();
    }

    @Test
    void anEditorGroupSignsInAsAnEditor() throws Exception {
        if (accounts.findByEmail("grace@sso.example").isEmpty()) {
            accounts.create("grace@sso.example", "grace's own password", Role.ADMIN);
        }
        Browserless client = new Browserless();
        var landed = client.signInThroughIssuer("grace@sso.example");
        assertThat(landed.body()).contains("Signed in as grace@sso.example (EDITOR)");
        assertThat(client.get(RECAP + "/admin/subscribers").statusCode()).isEqualTo(403);
    }

    @Test
    void anUnknownEmailIsRefusedAndNoAccountIsCreated() throws Exception {
        var landed = new Browserless().signInThroughIssuer("stranger@sso.example");
        assertThat(landed.uri().toString()).isEqualTo(RECAP + "/admin/login?sso-refused");
        assertThat(landed.body()).contains("id=\"sso-refused\"");
        assertThat(accounts.findByEmail("stranger@sso.example")).isEmpty();
    }

    @Test
    void aDisabledAccountCannotSignInThroughTheIssuer() throws Exception {
        var disabled = accounts.findByEmail("disabled@sso.example").orElseGet(() -> accounts
                .create("disabled@sso.example", "disabled password 1", Role.ADMIN).orElseThrow());
        accounts.update(disabled.id(), Role.ADMIN, false);
        Browserless client = new Browserless();
        var landed = client.signInThroughIssuer("disabled@sso.example");
        assertThat(landed.uri().toString()).isEqualTo(RECAP + "/admin/login?sso-refused");
        assertThat(client.get(RECAP + "/admin").uri().toString()).isEqualTo(RECAP + "/admin/login");
    }

    @Test
    void aSignInWhoseGroupsMapToNoRoleIsRefused() throws Exception {
        if (accounts.findByEmail("norole@sso.example").isEmpty()) {
            accounts.create("norole@sso.example", "no role password 1", Role.EDITOR);
        }
        var landed = new Browserless().signInThroughIssuer("norole@sso.example");
        assertThat(landed.uri().toString()).isEqualTo(RECAP + "/admin/login?sso-refused");
    }

    @Test
    void theSignInPageOffersTheProvider() throws Exception {
        String page = new Browserless().get(RECAP + "/admin/login").body();
        assertThat(page).contains("id=\"sso-test\"").contains("href=\"/oauth2/authorization/test\"")
                .contains("Sign in with Test SSO");
    }

    /** An HTTP client with its own cookie jar that follows redirects itself and fills in the issuer's forms. */
    static final class Browserless {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
        private static final Pattern STATE = Pattern.compile("name=\"state\"[^>]*value=\"([^\"]+)\"");
        private static final Pattern SCOPE = Pattern.compile("name=\"scope\"[^>]*value=\"([^\"]+)\"");
        private static final Pattern CLIENT = Pattern.compile("name=\"client_id\"[^>]*value=\"([^\"]+)\"");

        private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();

        /** Recap's SSO button, the issuer's login form and consent page, and back to wherever Recap sends. */
        HttpResponse<String> signInThroughIssuer(String user) throws Exception {
            var page = get(RECAP + "/oauth2/authorization/test");
            assertThat(page.uri().getPath()).isEqualTo("/login");
            assertThat(page.uri().getPort()).isEqualTo(ISSUER_PORT);
            page = post(page.uri().toString(), Map.of("username", user, "password", TestIssuer.PASSWORD,
                    "_csrf", find(CSRF, page.body())));
            if (page.uri().getPort() == ISSUER_PORT && page.body().contains("name=\"scope\"")) {
                Map<String, List<String>> consent = new LinkedHashMap<>();
                consent.put("client_id", List.of(find(CLIENT, page.body())));
                consent.put("state", List.of(find(STATE, page.body())));
                List<String> scopes = new ArrayList<>();
                Matcher m = SCOPE.matcher(page.body());
                while (m.find()) {
                    scopes.add(m.group(1));
                }
                consent.put("scope", scopes);
                if (CSRF.matcher(page.body()).find()) {
                    consent.put("_csrf", List.of(find(CSRF, page.body())));
                }
                page = send(page(URI.create("http://127.0.0.1:" + ISSUER_PORT + "/oauth2/authorize"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(consent))).build());
            }
            return page;
        }

        HttpResponse<String> get(String url) throws IOException, InterruptedException {
            return send(page(URI.create(url)).GET().build());
        }

        /** As a browser asks for a page: the issuer sends only HTML requests to its login form. */
        private static HttpRequest.Builder page(URI uri) {
            return HttpRequest.newBuilder(uri).header("Accept", "text/html,application/xhtml+xml");
        }

        HttpResponse<String> post(String url, Map<String, String> fields) throws IOException, InterruptedException {
            Map<String, List<String>> multi = new LinkedHashMap<>();
            fields.forEach((k, v) -> multi.put(k, List.of(v)));
            return send(page(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(multi))).build());
        }

        /** Sends and follows redirects (as GETs), returning the last response. */
        private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int hops = 0; hops < 20 && response.statusCode() / 100 == 3; hops++) {
                URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                response = http.send(page(next).GET().build(), HttpResponse.BodyHandlers.ofString());
            }
            return response;
        }

        private static String form(Map<String, List<String>> fields) {
            return fields.entrySet().stream().flatMap(e -> e.getValue().stream()
                            .map(v -> enc(e.getKey()) + "=" + enc(v)))
                    .collect(Collectors.joining("&"));
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }

        private static String find(Pattern pattern, String body) {
            Matcher m = pattern.matcher(body);
            assertThat(m.find()).as("%s in %s", pattern, body).isTrue();
            return m.group(1);
        }
    }
}
