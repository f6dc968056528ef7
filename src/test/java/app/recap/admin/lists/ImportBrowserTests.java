package app.recap.admin.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;

/**
 * A large import in a real headless chromium ({@code -Pbrowser}): the page the upload leads to shows the progress
 * bar growing while the import runs in the background, then the final report with the rejected rows. Screenshots
 * at 1280 and 375 px go to {@code target/screenshots/import-*}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1861",
        "server.address=127.0.0.1", "recap.admin.email=imports@recap.example",
        "recap.admin.password=imports test password", "recap.base-url=http://127.0.0.1:1861",
        "spring.datasource.url=jdbc:h2:mem:import-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/import-browser-outbox", "recap.imports.progress-every=2000"})
@Tag("database")
class ImportBrowserTests {

    static final String BASE = "http://127.0.0.1:1861";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession("--hide-scrollbars");

    @Autowired ListRepository lists;

    /**
     * Each batch of new subscribers waits 40 ms before it is written, so the 150,000-row import lasts at least 12 s
     * (300 batches) on any machine: long enough for the page, which polls every 2 s, to show its progress twice
     * before the report replaces it. On a fast machine the import alone took under 4 s and the test was flaky.
     */
    @TestConfiguration
    static class SlowSubscriberInserts {

        static final long PAUSE_MILLIS = 40;

        @Bean
        static BeanPostProcessor slowSubscriberInsertsDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource dataSource && !(bean instanceof DelegatingDataSource)
                            ? new DelegatingDataSource(dataSource) {
                                @Override
                                public java.sql.Connection getConnection() throws java.sql.SQLException {
                                    return slow(super.getConnection());
                                }
                            }
                            : bean;
                }
            };
        }

        private static java.sql.Connection slow(java.sql.Connection connection) {
            return (java.sql.Connection) Proxy.newProxyInstance(java.sql.Connection.class.getClassLoader(),
                    new Class<?>[] {java.sql.Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                && sql.startsWith("insert into subscriber (")) {
                            Thread.sleep(PAUSE_MILLIS);
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    @Test
    void theImportsPageShowsItsProgressWhileItRunsThenTheReport() throws Exception {
        lists.create(new NewsletterList(0, "import-weekly", "Import Weekly", "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(), Instant.parse("2026-11-01T00:00:00Z"));
        int rows = 150_000;
        Path csv = Files.createTempFile("browser-big-import", ".csv");
        StringBuilder content = new StringBuilder(rows * 36).append("email,name\n");
        for (int i = 0; i < rows; i++) {
            content.append(i % 50_000 == 7 ? "not-an-address-" + i : "reader" + i + "@import.example")
                    .append(",Reader ").append(i).append('\n');
        }
        Files.writeString(csv, content);

        view(1280);
        browser.get(BASE + "/admin/imports");
        browser.findElement(By.id("username")).sendKeys("imports@recap.example");
        browser.findElement(By.id("password")).sendKeys("imports test password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        browser.get(BASE + "/admin/imports");
        new Select(browser.findElement(By.id("import-list"))).selectByValue("import-weekly");
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        HeadlessChromium.navigateBy(browser, By.id("import-submit"));
        assertThat(browser.getCurrentUrl()).matches(".*/admin/imports/\\d+");
        assertThat(browser.findElement(By.id("import-progress")).getText()).contains("of", "150,000", "rows",
                "You can leave this page");

        // the polled figures grow without a reload
        var wait = new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(100));
        wait.until(d -> percent() >= 5);
        int first = percent();
        shot("import-progress-1280");
        view(375);
        wait.until(d -> percent() > first);
        assertThat(browser.findElement(By.id("i-read")).getText()).matches("[0-9,]+");
        shot("import-progress-375");

        wait.until(d -> !d.findElements(By.id("import-done")).isEmpty());
        assertThat(browser.findElement(By.id("created-count")).getText()).isEqualTo("149,997");
        assertThat(browser.findElement(By.id("rows-count")).getText()).isEqualTo("150,000");
        assertThat(browser.findElement(By.id("rejected-count")).getText()).isEqualTo("3");
        assertThat(browser.findElement(By.id("rejections")).getText()).contains("not-an-address-7",
                "not a valid email address");
        assertThat(browser.findElements(By.id("import-progress"))).isEmpty();
        shot("import-report-375");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('rejections').scrollIntoView();");
        shot("import-rejections-375");
        view(1280);
        browser.navigate().refresh();
        shot("import-report-1280");
        assertThat(browser.findElement(By.id("rejected-report")).getAttribute("href")).endsWith("/rejected.csv");
        Files.deleteIfExists(csv);
    }

    private static int percent() {
        return Integer.parseInt(browser.findElement(By.id("i-percent")).getText());
    }

    private static void view(int width) {
        browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", width == 375 ? 900 : 800, "deviceScaleFactor", 1,
                        "mobile", width == 375));
    }

    private static void shot(String name) throws Exception {
        assertThat(((Number) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth;")).longValue())
                .as(name + " no wider than the window").isLessThanOrEqualTo(
                        ((Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth;")).longValue());
        browser.shot(name);
    }
}
