package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import app.recap.audience.AudienceRepository;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The embeddable sign-up form as a newsletter team uses it, in headless chromium: copied from the admin's lists
 * screen, pasted into a page that a tiny server on another origin ({@code localhost:1860}, Recap being
 * {@code 127.0.0.1:1859}: another site to the browser) serves, filled in and submitted there. Recap answers with its
 * own page and the confirmation email arrives over SMTP. Screenshots of the admin's snippet and of the team's page
 * at 1280 and 375 px go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1859",
        "server.address=127.0.0.1", "recap.admin.email=browser@recap.example",
        "recap.admin.password=browser test password", "recap.base-url=http://127.0.0.1:1859",
        "spring.datasource.url=jdbc:h2:mem:embed-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.host=127.0.0.1", "recap.tokens.secrets=embedded-signup-browser-tests-key-0123456789"})
@Tag("database")
class EmbeddedSignupBrowserTests {

    static final String RECAP = "http://127.0.0.1:1859";
    /** The team's own site: another host name, so another site to chromium, not only another origin. */
    static final String TEAM = "http://localhost:1860";
    static final Path SCREENSHOTS = BrowserSession.SCREENSHOTS;

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession("--hide-scrollbars");
    static final GreenMail smtp = startSmtp();
    static HttpServer teamSite;
    static final AtomicReference<String> teamPage = new AtomicReference<>("");

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    private static GreenMail startSmtp() {
        ServerSetup setup = new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort();
        setup.setServerStartupTimeout(15_000);
        GreenMail server = new GreenMail(setup);
        server.start();
        return server;
    }

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("recap.mail.port", () -> smtp.getSmtp().getPort());
    }

    @BeforeAll
    static void start() throws Exception {
        teamSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 1860), 0);
        teamSite.createContext("/", exchange -> {
            byte[] body = teamPage.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        teamSite.start();
    }

    @AfterAll
    static void stop() {
        if (teamSite != null) {
            teamSite.stop(0);
        }
        smtp.stop();
    }

    @Test
    void theSnippetCopiedFromTheListsScreenSignsAReaderUpFromTheTeamsOwnSite() throws Exception {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories()
                .listWithSubscribers("embed", 0);
        browser.resize(1280, 1000);
        browser.get(RECAP + "/admin/lists");
        browser.findElement(By.id("username")).sendKeys("browser@recap.example");
        browser.findElement(By.id("password")).sendKeys("browser test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));

        // the table's link opens the list's form; the copy button (script) copies it
        browser.findElement(By.cssSelector("tr#embed a[href='#signup-embed']")).click();
        WebElement details = browser.findElement(By.id("signup-embed"));
        assertThat(details.getDomAttribute("open")).isNotNull();
        WebElement copy = details.findElement(By.cssSelector("button.copy"));
        assertThat(copy.isDisplayed()).isTrue();
        copy.click();
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver ->
                details.findElement(By.cssSelector("[role=status]")).getText().equals("Copied."));
        String snippet = details.findElement(By.tagName("textarea")).getDomProperty("value");
        assertThat(snippet).startsWith("<!-- Sign-up form for List embed").contains("action=\"" + RECAP + "/subscribe/embed\"");
        shot(browser.findElement(By.id("signup-forms")), "signup-snippet-1280");
        browser.resize(375, 1400);
        assertThat(overflow()).as("horizontal overflow of the lists screen at 375 px").isLessThanOrEqualTo(0);
        shot(browser.findElement(By.id("signup-forms")), "signup-snippet-375");

        // the team pastes it into their page, on their own site
        teamPage.set("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>The Newsletter Team</title>
                <style>body { font: 17px/1.5 Georgia, serif; max-width: 40em; margin: 2em auto; padding: 0 1em; color: #222; }</style>
                </head><body>
                <h1>The Newsletter Team</h1>
                <p>Every Monday, the week's AI news that matters, in one email. Sign up below.</p>
                """ + snippet + """

                <p><small>&copy; The Newsletter Team</small></p>
                </body></html>
                """);
        browser.resize(1280, 1000);
        browser.get(TEAM + "/newsletter");
        assertThat(browser.findElements(By.cssSelector("input[name=audience]"))).hasSize(6);
        WebElement honeypot = browser.findElement(By.name("website"));
        Number right = (Number) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].getBoundingClientRect().right;", honeypot);
        assertThat(right.doubleValue()).as("the honeypot is off screen").isLessThan(0);
        fullPageShot("signup-embedded-1280");
        browser.resize(375, 900);
        assertThat(overflow()).as("horizontal overflow of the team's page at 375 px").isLessThanOrEqualTo(0);
        fullPageShot("signup-embedded-375");

        browser.findElement(By.name("email")).sendKeys("Ada.Lovelace@Example.com");
        browser.findElement(By.name("name")).sendKeys("Ada");
        browser.findElements(By.cssSelector("input[name=audience]")).get(1).click();
        HeadlessChromium.navigateBy(browser, By.cssSelector("button[type=submit]"));

        // Recap's own page answers, and the owner of the address gets the link
        assertThat(browser.getCurrentUrl()).isEqualTo(RECAP + "/subscribe/embed");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your inbox");
        fullPageShot("signup-embedded-sent-375");
        MimeMessage confirmation = awaitMessageTo("ada.lovelace@example.com");
        assertThat(confirmation.getSubject()).isEqualTo("Confirm your subscription to List embed");
        long id = subscribers.findByEmail("ada.lovelace@example.com").orElseThrow().id();
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNCONFIRMED);

        browser.get(confirmLink(confirmation));
        HeadlessChromium.navigateBy(browser, By.cssSelector("main form button"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You're subscribed");
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
    }

    private static long overflow() {
        return (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
    }

    private static MimeMessage awaitMessageTo(String address) throws Exception {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(giveUp)) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                if (((InternetAddress) m.getAllRecipients()[0]).getAddress().equalsIgnoreCase(address)) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no email to " + address);
    }

    private static String confirmLink(MimeMessage message) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        Matcher link = Pattern.compile(Pattern.quote(RECAP) + "/c/[A-Za-z0-9._~-]+").matcher(text);
        assertThat(link.find()).as("confirmation link in\n" + text).isTrue();
        return link.group();
    }

    private static void shot(WebElement element, String name) throws IOException {
        File file = element.getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The whole page: the window grows to the document's height first. */
    private static void fullPageShot(String name) throws IOException {
        int width = browser.manage().window().getSize().getWidth();
        long height = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollHeight;");
        browser.manage().window().setSize(new Dimension(width, (int) Math.max(600, height + 140)));
        browser.shot(name);
    }
}
