package app.recap.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ClassPathResource;

import app.recap.audience.AudienceRepository;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The admin UI in a real headless chromium (Debian's {@code chromium} and {@code chromium-driver}; run with
 * {@code -Pbrowser}): sign in, add a list and a subscriber, import a CSV with one bad row and read the report,
 * preview an edition. Screenshots of each screen go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1850",
        "server.address=127.0.0.1", "recap.admin.email=browser@recap.example",
        "recap.admin.password=browser test password", "recap.base-url=http://127.0.0.1:1850",
        "spring.datasource.url=jdbc:h2:mem:admin-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox"})
@Tag("database")
class AdminBrowserTests {

    static final String BASE = "http://127.0.0.1:1850";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    @Test
    void signsInAddsAListAndASubscriberImportsACsvAndPreviewsAnEdition() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories();

        browser.get(BASE + "/admin/subscribers");
        assertThat(browser.getCurrentUrl()).endsWith("/admin/login");
        browser.findElement(By.id("username")).sendKeys("browser@recap.example");
        browser.findElement(By.id("password")).sendKeys("wrong password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(browser.findElement(By.cssSelector(".error")).getText()).contains("do not match");
        browser.shot("01-login-error");
        browser.findElement(By.id("username")).sendKeys("browser@recap.example");
        browser.findElement(By.id("password")).sendKeys("browser test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Subscribers");

        browser.get(BASE + "/admin/lists");
        HeadlessChromium.navigateBy(browser, By.id("new-list"));
        browser.findElement(By.id("slug")).sendKeys("browser-weekly");
        browser.findElement(By.id("name")).sendKeys("Browser Weekly");
        browser.findElement(By.id("senderName")).sendKeys("Recap Newsroom");
        browser.findElement(By.id("senderEmail")).sendKeys("news@recap.example");
        browser.findElement(By.id("postalAddress")).sendKeys("1 Test Street, Bristol BS1 1AA");
        new Select(browser.findElement(By.id("sendDay"))).selectByValue("TUESDAY");
        WebElement zone = browser.findElement(By.id("timeZone"));
        zone.clear();
        zone.sendKeys("Europe/London");
        for (WebElement box : browser.findElements(By.name("audiences"))) {
            box.click();
        }
        browser.shot("02-new-list-form");
        HeadlessChromium.navigateBy(browser, By.id("save-list"));
        assertThat(browser.findElement(By.id("browser-weekly")).getText()).contains("Browser Weekly", "TUESDAY");
        browser.shot("03-lists");

        browser.get(BASE + "/admin/subscribers");
        browser.findElement(By.id("new-email")).sendKeys("grace@browser.example");
        browser.findElement(By.id("new-name")).sendKeys("Grace Hopper");
        new Select(browser.findElement(By.id("new-list"))).selectByValue("browser-weekly");
        browser.findElement(By.cssSelector("#add-subscriber input[value='developers-engineers']")).click();
        HeadlessChromium.navigateBy(browser, By.cssSelector("#add-subscriber button"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("grace@browser.example");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("browser-weekly", "CONFIRMED");
        browser.shot("04-subscriber");

        Path csv = Files.createTempFile("browser-import", ".csv");
        Files.copy(new ClassPathResource("browser/subscribers.csv").getInputStream(), csv,
                StandardCopyOption.REPLACE_EXISTING);
        browser.get(BASE + "/admin/imports");
        new Select(browser.findElement(By.id("import-list"))).selectByValue("browser-weekly");
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        HeadlessChromium.navigateBy(browser, By.id("import-submit"));
        // the import runs in the background; its page shows the report once it is done
        new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30))
                .until(d -> !d.findElements(By.id("import-done")).isEmpty());
        assertThat(browser.findElement(By.id("created-count")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("rejected-count")).getText()).isEqualTo("1");
        assertThat(browser.findElement(By.id("rejections")).getText()).contains("not-an-address",
                "not a valid email address");
        assertThat(browser.findElement(By.id("rejected-report")).getAttribute("href")).endsWith("/rejected.csv");
        browser.shot("05-import-report");
        Files.deleteIfExists(csv);

        browser.get(BASE + "/admin/subscribers?query=marie");
        assertThat(browser.findElement(By.id("results")).getText()).contains("marie@browser.example", "Marie Curie");
        browser.shot("06-search");

        browser.get(BASE + "/admin/editions?list=browser-weekly");
        browser.findElement(By.id("e-week")).sendKeys(TestWorld.WEEK);
        browser.findElement(By.cssSelector("#preview-form input[value='developers-engineers']")).click();
        browser.findElement(By.cssSelector("#preview-form input[value='founders-investors']")).click();
        HeadlessChromium.navigateBy(browser, By.id("preview-submit"));
        assertThat(browser.findElement(By.id("subject")).getText()).startsWith("Browser Weekly:");
        assertThat(browser.findElement(By.id("scores")).getText()).contains("Developers & Engineers", "importance");
        assertThat(browser.findElement(By.id("email-text")).getText()).contains("== Developers & Engineers ==",
                "== Founders & Investors ==");
        browser.switchTo().frame(browser.findElement(By.id("email-html")));
        List<String> sections = browser.findElements(By.tagName("h2")).stream().map(WebElement::getText).toList();
        assertThat(sections).containsExactly("This week's top stories", "Developers & Engineers", "Founders & Investors");
        browser.switchTo().defaultContent();
        browser.resize(1280, 2200);
        browser.shot("07-edition-preview");
    }

}
