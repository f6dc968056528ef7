package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.dkim.DkimVerification;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The sending domain screen with DKIM keys configured, in headless chromium at a desktop width (1280 px) and a
 * phone's (375 px): the records to publish are there and readable, nothing runs off the side of the phone.
 * Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1853",
        "server.address=127.0.0.1", "recap.admin.email=browser@recap.example",
        "recap.admin.password=browser test password", "recap.base-url=http://127.0.0.1:1853",
        "spring.datasource.url=jdbc:h2:mem:sending-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox",
        "recap.dkim.selector=" + DkimVerification.RSA_SELECTOR, "recap.dkim.private-key=" + DkimVerification.RSA_KEY,
        "recap.dkim.ed25519.selector=" + DkimVerification.ED25519_SELECTOR,
        "recap.dkim.ed25519.private-key=" + DkimVerification.ED25519_KEY})
@Tag("database")
class SendingDomainBrowserTests {

    static final String BASE = "http://127.0.0.1:1853";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    @Test
    void showsTheRecordsToPublishAtDesktopAndPhoneWidths() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("sending", 1);
        browser.get(BASE + "/admin/sending");
        browser.findElement(By.id("username")).sendKeys("browser@recap.example");
        browser.findElement(By.id("password")).sendKeys("browser test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));

        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Sending domain");
        String main = browser.findElement(By.tagName("main")).getText();
        Map<String, String> records = DkimVerification.records("recap.example");
        records.forEach((name, value) -> assertThat(main).contains(name, value));
        assertThat(main).contains("DKIM aligned with From", "_dmarc.recap.example", "v=spf1 include:");
        browser.resize(1280, 1400);
        browser.shot("sending-domain-1280");

        browser.resize(375, 2400);
        long overflow = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as("horizontal overflow at 375 px").isLessThanOrEqualTo(0);
        browser.shot("sending-domain-375");
    }
}
