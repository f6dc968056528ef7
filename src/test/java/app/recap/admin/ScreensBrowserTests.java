package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.audience.AudienceRepository;
import app.recap.ingest.FeedSourceRepository;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The admin screens of issue 15 in a real headless chromium ({@code -Pbrowser}): each at 1280 and 375 px, in the
 * light and the dark colour scheme, none wider than the window; error pages, substring search, a bulk action, an
 * import into a second list and feeds never fetched. Screenshots go to {@code target/screenshots/screens-*}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1856",
        "server.address=127.0.0.1", "recap.admin.email=screens@recap.example",
        "recap.admin.password=screens test password", "recap.base-url=http://127.0.0.1:1856",
        "spring.datasource.url=jdbc:h2:mem:screens-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/screens-outbox"})
@Tag("database")
class ScreensBrowserTests {

    static final String BASE = "http://127.0.0.1:1856";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession("--hide-scrollbars");
    static final int WIDE = 1280;
    static final int PHONE = 375;

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired FeedSourceRepository feeds;

    @Test
    void everyChangedScreenFitsAPhoneAndAWideScreenInLightAndDark() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        var list = world.listWithSubscribers("screens-weekly", 12);
        var second = world.listWithSubscribers("screens-monthly", 2);
        List<Long> dev = List.of(world.audience("developers-engineers").id());
        subscribers.subscribe(list.id(), "wzhang@screens.example", "Wei Chen", null, dev, SubscriptionStatus.CONFIRMED,
                Instant.now());
        subscribers.subscribe(list.id(), "chenoweth.ann.with.a.rather.long.address@subdomain.screens.example", "Ann",
                null, dev, SubscriptionStatus.CONFIRMED, Instant.now());
        feeds.register("https://feeds.screens.example/never-fetched-feed-with-a-long-address.xml", "Never fetched", 1.0,
                Instant.now());

        browser.get(BASE + "/admin");
        browser.findElement(By.id("username")).sendKeys("screens@recap.example");
        browser.findElement(By.id("password")).sendKeys("screens test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        assertThat(browser.findElement(By.id("reach-detail")).getText()).isEqualTo("0 paused · 0 suppressed");
        assertThat(browser.findElement(By.id("next-sends")).getText()).contains("List screens-weekly", "in ");

        // substring search and a bulk action on the one found
        browser.get(BASE + "/admin/subscribers?query=chen&list=screens-weekly");
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo("2 subscribers match");
        assertThat(browser.findElement(By.id("results")).getText()).contains("Wei Chen", "chenoweth.ann");
        browser.findElements(By.cssSelector("#results input[name=ids]")).get(0).click();
        new Select(browser.findElement(By.id("bulk-action"))).selectByValue("UNSUBSCRIBE");
        new Select(browser.findElement(By.id("bulk-list"))).selectByValue("screens-weekly");
        browser.findElement(By.id("bulk-confirm")).click();
        HeadlessChromium.navigateBy(browser, By.id("bulk-submit"));
        assertThat(browser.findElement(By.cssSelector(".notice")).getText()).startsWith("Unsubscribed 1 from screens-weekly");

        // known addresses imported into a second list
        Path csv = Files.createTempFile("screens-import", ".csv");
        Files.writeString(csv, "email,name\nwzhang@screens.example,Wei Chen\n"
                + "someone.new@screens.example,Someone With A Name So Long It Has To Wrap Inside The Report Table\n"
                + "not-an-address-and-a-long-one-that-must-wrap-inside-its-cell-on-a-phone,Broken\n");
        browser.get(BASE + "/admin/imports");
        new Select(browser.findElement(By.id("import-list"))).selectByValue(second.slug());
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        HeadlessChromium.navigateBy(browser, By.id("import-submit"));
        // the import runs in the background; its page shows the report once it is done
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.id("import-done")).isEmpty());
        assertThat(browser.findElement(By.id("created-count")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("added-count")).getText()).isEqualTo("1");
        String report = browser.getCurrentUrl().substring(BASE.length());
        Files.deleteIfExists(csv);

        // the admin picks their own zone; the screens then show times in it
        browser.get(BASE + "/admin/account");
        browser.findElement(By.id("timeZone")).sendKeys("Asia/Tokyo");
        HeadlessChromium.navigateBy(browser, By.cssSelector("#time-zone-form button[type=submit]"));
        assertThat(browser.findElement(By.id("shown-in")).getText()).startsWith("Times are shown in Asia/Tokyo")
                .contains("JST");
        browser.get(BASE + "/admin");
        assertThat(browser.findElement(By.id("time-zone")).getText()).contains("Asia/Tokyo");
        long wei = subscribers.findByEmail("wzhang@screens.example").orElseThrow().id();

        Map<String, String> screens = new LinkedHashMap<>();
        screens.put("overview", "/admin");
        screens.put("account", "/admin/account");
        screens.put("subscriber", "/admin/subscribers/" + wei);
        screens.put("tokens", "/admin/tokens");
        screens.put("subscribers", "/admin/subscribers?query=chen");
        screens.put("feeds", "/admin/feeds");
        screens.put("imports", "/admin/imports");
        screens.put("import-report", report);
        screens.put("lists", "/admin/lists");
        screens.put("audit", "/admin/audit");
        screens.put("error-404", "/admin/no-such-screen");
        screens.put("error-400", "/admin/subscribers?after=not-a-cursor");
        screens.put("public-404", "/archive/no-such-list/2026-W01");
        List<String> tooWide = new ArrayList<>();
        for (var screen : screens.entrySet()) {
            for (int width : List.of(WIDE, PHONE)) {
                for (String scheme : List.of("light", "dark")) {
                    view(width, scheme);
                    browser.get(BASE + screen.getValue());
                    long scrollWidth = settledScrollWidth(width);
                    if (scrollWidth > width) {
                        // name the outermost elements reaching past the window, so the failure says what to mend
                        Object culprits = ((JavascriptExecutor) browser).executeScript("""
                                return [...document.querySelectorAll('body *')].filter(e =>
                                    e.getBoundingClientRect().right > arguments[0] + 1
                                    && e.parentElement.getBoundingClientRect().right <= arguments[0] + 1)
                                  .slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className).join(' ');""",
                                width);
                        tooWide.add(screen.getKey() + "@" + width + "=" + scrollWidth + " " + culprits);
                    }
                    browser.shot("screens-" + screen.getKey() + "-" + width + "-" + scheme);
                }
            }
        }
        assertThat(tooWide).as("pages wider than the window").isEmpty();

        view(WIDE, "light");
        browser.get(BASE + "/admin/no-such-screen");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Nothing here");
        assertThat(browser.findElement(By.id("next-steps")).getText()).contains("Overview");
        browser.get(BASE + "/admin/subscribers?after=not-a-cursor");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("This address could not be read");
        assertThat(browser.findElement(By.id("next-steps")).getText()).contains("Start this screen afresh");
        browser.get(BASE + "/admin/feeds");
        assertThat(browser.findElement(By.id("feeds")).getText()).doesNotContain("null");
        browser.get(BASE + "/error");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
    }

    private static void view(int width, String scheme) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", width == PHONE ? 900 : 1000, "deviceScaleFactor", 1,
                        "mobile", width == PHONE));
        browser.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * The page's width once layout has settled: right after a resize or a colour-scheme switch chromium can report
     * the width of a layout done before the stylesheet applied, so a page is measured again for up to 3 s before it
     * counts as too wide.
     */
    private static long settledScrollWidth(int width) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
        long scrollWidth;
        do {
            scrollWidth = ((Number) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth;")).longValue();
            if (scrollWidth <= width) {
                return scrollWidth;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return scrollWidth;
            }
        } while (System.nanoTime() < deadline);
        return scrollWidth;
    }
}
