package app.recap.admin.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import issuer.TestIssuer;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;

/**
 * Signing in to the admin in a real headless chromium ({@code -Pbrowser}): enrolling a TOTP app from the account's
 * own page and signing in with a password and a code (the test computes the code from the key the page shows, as
 * an authenticator app would), and the single sign-on button through a real OpenID Connect issuer
 * ({@link TestIssuer}). Screenshots of the two-factor pages at 1280 and 375 px go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {
        "recap.admin.email=browser-2fa@recap.example", "recap.admin.password=browser two factor pw",
        "spring.datasource.url=jdbc:h2:mem:sign-in-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox",
        "spring.security.oauth2.client.registration.test.client-id=" + TestIssuer.CLIENT_ID,
        "spring.security.oauth2.client.registration.test.client-secret=" + TestIssuer.CLIENT_SECRET,
        "spring.security.oauth2.client.registration.test.client-name=Test SSO",
        "spring.security.oauth2.client.registration.test.scope=openid,email",
        "spring.security.oauth2.client.registration.test.provider=test",
        "recap.admin.oidc.role-claim=groups", "recap.admin.oidc.role-mapping.recap-admins=ADMIN",
        "recap.admin.oidc.role-mapping.recap-editors=EDITOR"})
@Tag("database")
class SignInBrowserTests {

    static final int RECAP_PORT = TestIssuer.freePort();
    static final int ISSUER_PORT = TestIssuer.freePort();
    // Recap on localhost and the issuer on 127.0.0.1: two hosts, so two sets of cookies
    static final String BASE = "http://localhost:" + RECAP_PORT;

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();
    static ConfigurableApplicationContext issuer;

    @Autowired AdminAccounts accounts;

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        if (issuer == null) {
            issuer = TestIssuer.start(ISSUER_PORT, BASE + "/login/oauth2/code/test");
        }
        registry.add("server.port", () -> RECAP_PORT);
        registry.add("recap.base-url", () -> BASE);
        registry.add("spring.security.oauth2.client.provider.test.issuer-uri", () -> "http://127.0.0.1:" + ISSUER_PORT);
    }

    @AfterAll
    static void stop() {
        if (issuer != null) {
            issuer.close();
            issuer = null;
        }
    }

    @Test
    void enrolsAnAuthenticatorAppAndSignsInWithPasswordAndCode() throws Exception {
        browser.manage().deleteAllCookies();
        browser.resize(1280, 1000);
        signInWithPassword("browser-2fa@recap.example", "browser two factor pw");
        browser.get(BASE + "/admin/two-factor");
        assertThat(browser.findElement(By.cssSelector("img.qr")).getAttribute("src"))
                .startsWith("data:image/svg+xml;base64,");
        String secret = browser.findElement(By.id("two-factor-secret")).getText().replace(" ", "");
        shots("10-two-factor-enrol");
        // an app a step behind the server; typed with time left in the step, so the server is still in it
        String previousStep = Totp.code(secret, TotpSteps.withRoom(Duration.ofSeconds(10)) - 1);
        browser.findElement(By.id("enrol-code")).sendKeys(previousStep);
        HeadlessChromium.navigateBy(browser, By.id("enrol"));
        assertThat(browser.findElements(By.cssSelector("#recovery-codes li"))).hasSize(10);
        assertThat(browser.findElement(By.id("two-factor-on")).getText()).contains("10");
        shots("11-two-factor-recovery-codes");
        HeadlessChromium.navigateBy(browser, By.cssSelector("header form button"));

        browser.get(BASE + "/admin/feeds");
        signInWithPassword("browser-2fa@recap.example", "browser two factor pw");
        assertThat(browser.getCurrentUrl()).isEqualTo(BASE + "/admin/login/code");
        browser.findElement(By.id("code")).sendKeys("000000");
        HeadlessChromium.navigateBy(browser, By.id("verify"));
        assertThat(browser.findElement(By.cssSelector(".error")).getText()).contains("not right");
        shots("12-two-factor-code-error");
        browser.findElement(By.id("code")).sendKeys(Totp.code(secret, Totp.step(Instant.now())));
        HeadlessChromium.navigateBy(browser, By.id("verify"));
        assertThat(browser.getCurrentUrl()).startsWith(BASE + "/admin/feeds");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Feeds");
        browser.get(BASE + "/admin/two-factor");
        assertThat(browser.findElements(By.id("two-factor-secret"))).isEmpty();
        shots("13-two-factor-on");
    }

    @Test
    void signsInWithTheSingleSignOnButton() throws Exception {
        browser.manage().deleteAllCookies();
        browser.resize(1280, 1000);
        if (accounts.findByEmail("ada@sso.example").isEmpty()) {
            accounts.create("ada@sso.example", "ada's own password 1", Role.EDITOR);
        }
        browser.get(BASE + "/admin/login");
        shots("14-login-with-sso");
        HeadlessChromium.navigateBy(browser, By.id("sso-test"));
        assertThat(browser.getCurrentUrl()).startsWith("http://127.0.0.1:" + ISSUER_PORT + "/login");
        browser.findElement(By.id("username")).sendKeys("ada@sso.example");
        browser.findElement(By.id("password")).sendKeys(TestIssuer.PASSWORD);
        HeadlessChromium.navigateBy(browser, By.cssSelector("button[type=submit]"));
        if (browser.getCurrentUrl().contains("/oauth2/authorize")) {
            // the issuer's consent page: allow the scopes asked for
            for (WebElement scope : browser.findElements(By.cssSelector("input[name=scope]"))) {
                if (!scope.isSelected() && scope.isEnabled()) {
                    scope.click();
                }
            }
            HeadlessChromium.navigateBy(browser, By.id("submit-consent"));
        }
        assertThat(browser.getCurrentUrl()).isEqualTo(BASE + "/admin");
        assertThat(browser.findElement(By.cssSelector("header")).getText())
                .contains("Signed in as ada@sso.example (ADMIN)");
        shots("15-signed-in-through-sso");
    }

    private void signInWithPassword(String email, String password) {
        if (!browser.getCurrentUrl().endsWith("/admin/login")) {
            browser.get(BASE + "/admin/login");
        }
        browser.findElement(By.id("username")).sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(password);
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
    }

    /** The page at 1280 px and at 375 px (a phone), then back to 1280. */
    private static void shots(String name) throws Exception {
        browser.shot(name + "-1280");
        browser.resize(375, 812);
        browser.shot(name + "-375");
        browser.resize(1280, 1000);
    }

}
