package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.edition.DigestRenderer;
import app.recap.edition.DigestView;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.IsoWeek;
import app.recap.edition.StoryLinks;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.BrowserSession;

/**
 * What a reader sees, in headless chromium (run with {@code -Pbrowser}) on the bundled demo: the digest of every
 * topic at each length, measured at 375 px (the default length must stay within 6,000 px, about nine phone
 * screens), every demo email as sent (default length) within the same height, links at least 44 px tall, and the
 * sign-up, confirmation and preference pages; screenshots of each at 1280 and 375 px in target/screenshots.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1857",
        "server.address=127.0.0.1", "recap.base-url=http://127.0.0.1:1857", "recap.demo.enabled=true",
        "recap.demo.content=classpath:demo/newsletter.json",
        "spring.datasource.url=jdbc:h2:mem:reader-browser;DB_CLOSE_DELAY=-1", "recap.mail.host=",
        "recap.admin.email=admin@recap.example", "recap.admin.password=reader browser password"})
@Tag("database")
class ReaderBrowserTests {

    private static final Logger log = LoggerFactory.getLogger(ReaderBrowserTests.class);
    static final String BASE = "http://127.0.0.1:1857";
    static final Path SCREENSHOTS = BrowserSession.SCREENSHOTS;

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession("--hide-scrollbars");
    static final int WIDE = 1280;
    static final int PHONE = 375;
    /** The bound for a default-length email on a phone. */
    static final int MAX_DEFAULT_HEIGHT = 6_000;
    private static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("recap-reader-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired ListRepository lists;
    @Autowired EditionRepository editions;
    @Autowired EditionSnapshots snapshots;
    @Autowired DigestRenderer renderer;
    @Autowired SubscriberRepository subscribers;
    @Autowired SubscriberLinks links;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("recap.data-dir", DATA::toString);
    }

    @Test
    void everyTopicAtEachLengthOnAPhoneAndTheDefaultWithinSixThousandPixels() throws Exception {
        NewsletterList list = lists.findBySlug("weekly-ai").orElseThrow();
        EditionSnapshot snapshot = snapshots.load(editions.find(list.id(), IsoWeek.parse("2026-W48")).orElseThrow().id());
        List<Long> every = snapshot.defaultAudienceIds(lists.offeredAudienceIds(list.id()));
        DigestView.Personal priya = new DigestView.Personal("Priya", links.unsubscribeUrl(1, list.id()),
                links.preferencesUrl(1, list.id()), links.viewUrl(1, list.id(), "2026-W48"));
        List<String> figures = new ArrayList<>();
        for (DigestLength length : DigestLength.values()) {
            var digest = renderer.render(snapshot, new DigestRenderer.Reader(every, true, length), priya,
                    StoryLinks.DIRECT);
            Path page = SCREENSHOTS.resolve("email-" + length.name().toLowerCase() + ".html");
            Files.writeString(page, digest.html(), StandardCharsets.UTF_8);

            screen(PHONE, 812, true);
            browser.get(page.toUri().toString());
            long phone = height();
            assertThat(scrollWidth()).as("no sideways scrolling").isLessThanOrEqualTo(PHONE);
            assertTapTargets(length + " at 375 px");
            fullPageShot("email-" + length.name().toLowerCase() + "-375", PHONE, true);
            screen(WIDE, 1000, false);
            browser.navigate().refresh();
            long wide = height();
            fullPageShot("email-" + length.name().toLowerCase() + "-1280", WIDE, false);
            figures.add(length + ": " + digest.storyCount() + " stories, " + phone + " px at 375, " + wide
                    + " px at 1280, " + digest.html().getBytes(StandardCharsets.UTF_8).length + " bytes");
            if (length == DigestLength.STANDARD) {
                assertThat(phone).as("the default length, every topic, at 375 px").isLessThanOrEqualTo(MAX_DEFAULT_HEIGHT);
            }
        }
        log.info("BENCH email heights, every topic (demo 2026-W48): {}", String.join("; ", figures));
    }

    @Test
    void everyDemoEmailAsSentFitsAPhoneWithinSixThousandPixels() throws Exception {
        long tallest = 0;
        int count = 0;
        screen(PHONE, 812, true);
        for (String html : outboxHtml()) {
            Path page = SCREENSHOTS.resolve("outbox.html");
            Files.writeString(page, html, StandardCharsets.UTF_8);
            browser.get(page.toUri().toString());
            long height = height();
            tallest = Math.max(tallest, height);
            count++;
            assertThat(height).as("a default-length demo email at 375 px").isLessThanOrEqualTo(MAX_DEFAULT_HEIGHT);
        }
        assertThat(count).isEqualTo(28);
        log.info("BENCH demo emails as sent (default length): {} emails, tallest {} px at 375", count, tallest);
    }

    @Test
    void signupConfirmationAndPreferencePagesOnAPhoneAndAWideScreen() throws Exception {
        NewsletterList list = lists.findBySlug("weekly-ai").orElseThrow();
        for (int width : new int[] {PHONE, WIDE}) {
            boolean phone = width == PHONE;
            screen(width, 900, phone);
            browser.get(BASE + "/subscribe/weekly-ai");
            assertThat(browser.findElements(By.cssSelector("input[name=audience]:checked"))).isEmpty();
            assertThat(browser.findElement(By.cssSelector("input[name=length][value=STANDARD]")).isSelected()).isTrue();
            assertThat(scrollWidth()).isLessThanOrEqualTo(width);
            fullPageShot("signup-" + width, width, phone);

            // confirmed already, so the confirmation link's GET shows the confirmation page itself
            long id = subscribers.subscribe(list.id(), "browser-" + width + "@example.com", "Priya Raman",
                    "America/New_York", List.of(), SubscriptionStatus.CONFIRMED, Instant.now());
            browser.get(links.confirmUrl(id, list.id()));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You're already subscribed");
            assertThat(browser.findElement(By.cssSelector("main .status")).getText())
                    .startsWith("Your first edition arrives on").endsWith("(America/New_York).");
            fullPageShot("confirmed-" + width, width, phone);

            browser.get(links.preferencesUrl(id, list.id()));
            assertThat(browser.findElement(By.cssSelector("#topics")).getText()).contains("You get every topic");
            assertThat(scrollWidth()).isLessThanOrEqualTo(width);
            fullPageShot("preferences-" + width, width, phone);

            browser.get(BASE + "/p/not-a-token");
            assertThat(browser.findElement(By.tagName("main")).getText()).contains("Sign up to Weekly AI Recap");
            fullPageShot("link-invalid-" + width, width, phone);

            browser.get(BASE + "/archive/weekly-ai/2026-W48");
            assertThat(scrollWidth()).isLessThanOrEqualTo(width);
            fullPageShot("archive-edition-" + width, width, phone);
        }
    }

    /** Every link of the email is at least 44 px tall, so a thumb can hit it. */
    private static void assertTapTargets(String what) {
        for (WebElement link : browser.findElements(By.cssSelector("a[href]"))) {
            double height = ((Number) ((JavascriptExecutor) browser)
                    .executeScript("return arguments[0].getBoundingClientRect().height;", link)).doubleValue();
            assertThat(height).as("%s: link \"%s\" is a tap target", what, link.getText()).isGreaterThanOrEqualTo(44);
        }
    }

    private static List<String> outboxHtml() throws Exception {
        Session session = Session.getInstance(new Properties());
        List<String> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(DATA.resolve("outbox"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                MimeMessage message;
                try (var in = Files.newInputStream(file)) {
                    message = new MimeMessage(session, in);
                }
                MimeMultipart parts = (MimeMultipart) message.getContent();
                for (int i = 0; i < parts.getCount(); i++) {
                    BodyPart part = parts.getBodyPart(i);
                    if (part.isMimeType("text/html")) {
                        pages.add((String) part.getContent());
                    }
                }
            }
        }
        return pages;
    }

    private static void screen(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static long height() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollHeight;")).longValue();
    }

    private static long scrollWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth;")).longValue();
    }

    /** A screenshot of the whole page: the emulated screen grown to the page's height. */
    private static void fullPageShot(String name, int width, boolean mobile) throws Exception {
        screen(width, (int) Math.min(height(), 16_000), mobile);
        browser.shot(name);
        screen(width, 900, mobile);
    }
}
