package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.audience.AudienceRepository;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.ranking.RankedStory;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * An editor's week on the edition page in a real headless chromium ({@code -Pbrowser}): build the edition, pin a
 * story, drop another, write a note, confirm the send ("Send to 4 subscribers?") and watch it reach "Sent".
 * Screenshots of each step at 1280 px, and the page at 375 px without sideways scrolling, in
 * {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1855",
        "server.address=127.0.0.1", "recap.admin.email=desk@recap.example",
        "recap.admin.password=desk browser password", "recap.base-url=http://127.0.0.1:1855",
        "spring.datasource.url=jdbc:h2:mem:desk-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/desk-browser-outbox", "recap.delivery.schedule-enabled=false",
        "recap.webhooks.poll-interval=1h"})
@Tag("database")
class EditionDeskBrowserTests {

    static final String BASE = "http://127.0.0.1:1855";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired EditionRepository editions;

    @Test
    void buildPinDropNoteConfirmAndSent() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers("desk-weekly", 4);
        String page = BASE + "/admin/editions/desk-weekly/" + TestWorld.WEEK;

        browser.resize(1280, 1000);
        browser.get(page);
        browser.findElement(By.id("username")).sendKeys("desk@recap.example");
        browser.findElement(By.id("password")).sendKeys("desk browser password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(phase()).isEqualTo("NOT_BUILT");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Not built yet");
        browser.shot("desk-not-built-1280");

        HeadlessChromium.navigateBy(browser, By.id("build"));
        assertThat(phase()).isEqualTo("BUILT");
        assertThat(browser.findElement(By.id("facts")).getText()).contains("Reaches 4 subscribers");

        var edition = editions.find(list.id(), IsoWeek.parse(TestWorld.WEEK)).orElseThrow();
        List<Long> lead = editions.lead(edition.id()).stream().map(RankedStory::storyId).toList();
        long pinned = lead.get(lead.size() - 1);
        long dropped = lead.get(0);

        new Select(browser.findElement(By.id("pin-to-" + pinned))).selectByValue("top-stories");
        HeadlessChromium.navigateBy(browser, By.id("pin-" + pinned));
        WebElement pinnedRow = browser.findElement(By.id("story-" + pinned));
        assertThat(pinnedRow.getText()).contains("Top stories #1", "pinned by an editor");

        HeadlessChromium.navigateBy(browser, By.id("drop-" + dropped));
        assertThat(browser.findElement(By.id("story-" + dropped)).getText()).contains("dropped by an editor");

        browser.findElement(By.id("note")).sendKeys("**Short week.** Read the [guide](https://docs.example/guide).");
        browser.findElement(By.id("subject-override")).sendKeys("The week in five stories");
        HeadlessChromium.navigateBy(browser, By.id("save-editorial"));
        assertThat(browser.findElement(By.id("desk-subject")).getText()).isEqualTo("The week in five stories");
        // the preview frame shows the note at once
        browser.switchTo().frame(browser.findElement(By.id("desk-email")));
        assertThat(browser.findElement(By.id("editor-note")).getText()).isEqualTo("Short week. Read the guide.");
        browser.switchTo().defaultContent();
        browser.resize(1280, 2600);
        browser.shot("desk-steered-1280");

        browser.resize(375, 812);
        browser.navigate().refresh();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 3600);
        browser.shot("desk-steered-375");

        browser.resize(1280, 900);
        HeadlessChromium.navigateBy(browser, By.id("send"));
        assertThat(browser.findElement(By.id("question")).getText()).isEqualTo("Send to 4 subscribers?");
        browser.shot("desk-confirm-1280");
        browser.resize(375, 812);
        browser.assertNoSidewaysScroll();
        browser.shot("desk-confirm-375");

        HeadlessChromium.navigateBy(browser, By.id("confirm-send"));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).contains("Sending started: 4 subscribers");
        new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofSeconds(1))
                .withMessage(() -> "still " + phase() + ": " + browser.findElement(By.id("status")).getText())
                .until(d -> {
                    d.navigate().refresh();
                    return "SENT".equals(phase());
                });
        assertThat(browser.findElement(By.id("p-done")).getText()).isEqualTo("4");
        assertThat(browser.findElement(By.id("status")).getText()).contains("Sent", "4 sent, 0 failed");
        assertThat(browser.findElements(By.id("send"))).isEmpty();
        assertThat(browser.findElements(By.id("pin-" + lead.get(1)))).as("frozen: no steering").isEmpty();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 3000);
        browser.shot("desk-sent-375");
        browser.resize(1280, 2400);
        browser.shot("desk-sent-1280");
    }

    private String phase() {
        return browser.findElement(By.id("status")).getDomAttribute("data-phase");
    }
}
