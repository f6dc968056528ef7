package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.preferences.SubscriberLinks;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The admin's week in chromium: the page a test copy's link opens, and cancelling a scheduled send from the edition
 * page, at 1280 and 375 px, light and dark. Screenshots go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1858",
        "server.address=127.0.0.1", "recap.admin.email=browser@recap.example",
        "recap.admin.password=browser test password", "recap.base-url=http://127.0.0.1:1858",
        "spring.datasource.url=jdbc:h2:mem:adminweek-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox",
        // on, but checking only once an hour: the page's schedule is what this test looks at
        "recap.delivery.schedule-enabled=true", "recap.delivery.schedule-check=1h"})
@Tag("database")
class AdminWeekBrowserTests {

    static final String BASE = "http://127.0.0.1:1858";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired SubscriberLinks links;

    @Test
    void aTestLinkSaysSoAndAScheduledSendIsCancelledFromTheEditionPage() throws Exception {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories()
                .listWithSubscribers("adminweek", 2);

        // the preferences link of a test copy, as TestMessages signs it
        browser.resize(1280, 900);
        browser.get(links.preferencesUrl(SubscriberLinks.TEST_READER, list.id()));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This was a test link");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("nothing was changed");
        both("test-link");

        browser.get(BASE + "/admin/login");
        browser.findElement(By.id("username")).sendKeys("browser@recap.example");
        browser.findElement(By.id("password")).sendKeys("browser test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        // this week's edition: its send (next Monday) is still ahead
        String week = IsoWeek.of(java.time.LocalDate.now(list.timeZone())).toString();
        browser.get(BASE + "/admin/editions/" + list.slug() + "/" + week);
        HeadlessChromium.navigateBy(browser, By.id("cancel-schedule"));
        assertThat(browser.findElement(By.id("question")).getText()).startsWith("Cancel the scheduled send of");
        both("schedule-cancel-confirm");
        HeadlessChromium.navigateBy(browser, By.id("confirm-send"));
        assertThat(browser.findElement(By.id("schedule-cancelled")).getText()).contains("was cancelled by browser@recap.example");
        assertThat(browser.findElements(By.id("restore-schedule"))).hasSize(1);
        both("schedule-cancelled");
    }

    /** Light at 1280 px, then light and dark at 375 px (no sideways scrolling). */
    private static void both(String name) throws Exception {
        scheme("light");
        browser.resize(1280, 1000);
        browser.shot(name + "-1280");
        browser.resize(375, 1000);
        long overflow = (Long) browser.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
        assertThat(overflow).as("horizontal overflow of " + name + " at 375 px").isLessThanOrEqualTo(0);
        browser.shot(name + "-375");
        scheme("dark");
        browser.shot(name + "-375-dark");
        scheme("light");
        browser.resize(1280, 1000);
    }

    private static void scheme(String scheme) {
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }
}
