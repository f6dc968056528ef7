package app.recap.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;

/**
 * The demo as a newcomer first sees it, in headless chromium (run with {@code -Pbrowser}): one digest the demo
 * run wrote to its outbox, opened as a mail client would show its HTML part, and the admin overview, each on a
 * 1280 px wide screen and on a 375 px phone. The screenshots in {@code target/screenshots} are the ones the
 * README shows (copied to {@code docs/images/}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1851",
        "server.address=127.0.0.1", "recap.base-url=http://127.0.0.1:1851", "recap.demo.enabled=true",
        "recap.demo.content=classpath:demo/newsletter.json",
        "spring.datasource.url=jdbc:h2:mem:demo-browser;DB_CLOSE_DELAY=-1", "recap.mail.host=",
        "recap.admin.email=admin@recap.example", "recap.admin.password=demo browser password"})
@Tag("database")
class DemoBrowserTests {

    private static final Logger log = LoggerFactory.getLogger(DemoBrowserTests.class);

    static final String BASE = "http://127.0.0.1:1851";
    static final Path SCREENSHOTS = BrowserSession.SCREENSHOTS;

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession("--hide-scrollbars");
    static final String READER = "ada.lovelace@example.com";
    static final int WIDE = 1280;
    static final int PHONE = 375;
    private static final Path DATA;

    static {
        try {
            DATA = Files.createTempDirectory("recap-demo-browser");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("recap.data-dir", DATA::toString);
    }

    @Test
    void digestIsOneColumnOf600PixelsOnAWideScreenAndFitsAPhoneWithNarrowerPadding() throws Exception {
        Path page = SCREENSHOTS.resolve("digest.html");
        Files.writeString(page, htmlPartOfTheDigestTo(READER), StandardCharsets.UTF_8);

        screen(WIDE, 1100, false);
        browser.get(page.toUri().toString());
        assertThat(browser.findElements(By.tagName("h2")).stream().map(WebElement::getText))
                .containsExactly("This week's top stories", "Researchers & Academics", "Developers & Engineers");
        assertThat(width(browser.findElement(By.cssSelector("table.card")))).isEqualTo(600);
        assertThat(paddingLeft(browser.findElement(By.cssSelector("td.px")))).isEqualTo("32px");
        browser.shot("digest-1280");

        screen(PHONE, 812, true);
        browser.navigate().refresh();
        assertThat(scrollWidth()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(PHONE);
        assertThat(width(browser.findElement(By.cssSelector("table.card")))).isLessThan(PHONE);
        assertThat(paddingLeft(browser.findElement(By.cssSelector("td.px")))).isEqualTo("16px");
        browser.shot("digest-375");
    }

    @Test
    void adminOverviewShowsTheDemoListItsSubscribersFeedsAudiencesAndTheWeeksRun() throws Exception {
        screen(WIDE, 760, false);
        browser.get(BASE + "/admin");
        assertThat(browser.getCurrentUrl()).endsWith("/admin/login");
        browser.findElement(By.id("username")).sendKeys("admin@recap.example");
        browser.findElement(By.id("password")).sendKeys("demo browser password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        browser.get(BASE + "/admin");

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElements(By.cssSelector(".stats .card")).stream().map(WebElement::getText))
                .startsWith("28\nreceive the next edition\n0 paused · 0 suppressed", "1\nLists", "4\nFeeds",
                        "6\nAudiences");
        assertThat(browser.findElement(By.id("runs")).getText()).contains("2026-W48", "sent")
                .doesNotContain("sendPartition", "COMPLETED");
        assertThat(browser.findElement(By.id("next-sends")).getText()).contains("Weekly");
        browser.shot("admin-1280");

        screen(PHONE, 1000, true);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(scrollWidth()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(PHONE);
        browser.shot("admin-375");
    }

    /** The HTML part of the demo digest sent to one reader, as written to the outbox. */
    private static String htmlPartOfTheDigestTo(String reader) throws Exception {
        Session session = Session.getInstance(new Properties());
        try (Stream<Path> files = Files.list(DATA.resolve("outbox"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".eml")).sorted().toList()) {
                MimeMessage message;
                try (InputStream in = Files.newInputStream(file)) {
                    message = new MimeMessage(session, in);
                }
                if (((InternetAddress) message.getAllRecipients()[0]).getAddress().equals(reader)) {
                    MimeMultipart parts = (MimeMultipart) message.getContent();
                    for (int i = 0; i < parts.getCount(); i++) {
                        BodyPart part = parts.getBodyPart(i);
                        if (part.isMimeType("text/html")) {
                            return (String) part.getContent();
                        }
                    }
                }
            }
        }
        throw new AssertionError("the demo outbox holds no digest to " + reader);
    }

    /** Emulates a screen of this width (a phone also honours the page's viewport meta). */
    private static void screen(int width, int height, boolean mobile) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    private static long width(WebElement element) {
        return Math.round(((Number) ((JavascriptExecutor) browser)
                .executeScript("return arguments[0].getBoundingClientRect().width;", element)).doubleValue());
    }

    private static String paddingLeft(WebElement element) {
        return element.getCssValue("padding-left");
    }

    private static long scrollWidth() {
        return ((Number) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth;"))
                .longValue();
    }
}
