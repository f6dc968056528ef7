package app.recap.admin.editions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.delivery.EditionSent;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.webhook.WebhookDispatcher;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;

/**
 * The edition page in a real headless chromium ({@code -Pbrowser}): the report's charts are drawn (a canvas with a
 * size, holding the report's figures), the progress bar moves while deliveries go out, and nothing on the page is
 * wider than a phone. Screenshots at 1280 and 375 px go to {@code target/screenshots}.
 *
 * <p>The click figures come from a fixed report source: the tracking module that records clicks is not on main yet.
 * The progress figures are real, from deliveries in the delivery log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1852",
        "server.address=127.0.0.1", "recap.admin.email=report@recap.example",
        "recap.admin.password=report browser password", "recap.base-url=http://127.0.0.1:1852",
        "spring.datasource.url=jdbc:h2:mem:report-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox", "recap.delivery.schedule-enabled=false",
        "recap.webhooks.allowed-hosts=127.0.0.1", "recap.webhooks.poll-interval=1h"})
@Tag("database")
class EditionReportBrowserTests {

    static final String BASE = "http://127.0.0.1:1852";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();
    static final String WEEK = "2026-W48";

    static final EditionReportSource.Report REPORT = new EditionReportSource.Report(1200, 1188, 12, 1, 4, null, 214, 57,
            List.of(new EditionReportSource.Section("top-stories", "This week's top stories", 1200, 96, 0.08,
                            List.of(new EditionReportSource.Story(11, "A breach at a large cloud provider", "The Register", 61),
                                    new EditionReportSource.Story(12, "The compiler release everyone waited for", "Source 12", 35))),
                    new EditionReportSource.Section("developers-engineers", "Developers & Engineers", 700, 84, 0.12,
                            List.of(new EditionReportSource.Story(21, "Tooling that makes builds fast again", "Source 21", 50),
                                    new EditionReportSource.Story(22, "A new test runner", "Source 22", 34))),
                    new EditionReportSource.Section("enterprise-security-teams", "Enterprise & Security Teams", 500, 34,
                            0.068, List.of(new EditionReportSource.Story(31, "Patch now: a router flaw", "The Register", 34),
                                    new EditionReportSource.Story(32, "Phishing kits get smarter", "Source 32", 0)))));

    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired EditionRepository editions;
    @Autowired JdbcClient jdbc;
    @Autowired ApplicationEventPublisher events;
    @Autowired WebhookDispatcher dispatcher;

    @Test
    void theReportsChartsAreDrawnTheProgressBarMovesAndAPhoneNeedsNoSideways() throws Exception {
        NewsletterList list = lists.create(new NewsletterList(0, "report-weekly", "Report Weekly", "Recap",
                "news@recap.example", null, "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"),
                Locale.ENGLISH, true, false), List.of(), Instant.now());
        Edition edition = editions.findOrCreate(list.id(), IsoWeek.parse(WEEK), Instant.now());
        editions.setStatus(edition.id(), EditionStatus.SENDING, null, Instant.now());
        deliveries(list, edition, 40, "SENT");
        deliveries(list, edition, 60, "PENDING");

        browser.get(BASE + "/admin/editions/report-weekly/" + WEEK);
        browser.findElement(By.id("username")).sendKeys("report@recap.example");
        browser.findElement(By.id("password")).sendKeys("report browser password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Report Weekly · " + WEEK);

        assertThat(drawn("chart-sections")).isTrue();
        assertThat(drawn("chart-stories")).isTrue();
        assertThat(seriesData("chart-sections", 0)).containsExactly(96.0, 84.0, 34.0);
        assertThat(seriesData("chart-sections", 1)).containsExactly(8.0, 12.0, 6.8);
        // most clicked on top: the category axis runs bottom-up
        assertThat(seriesData("chart-stories", 0)).containsExactly(34.0, 34.0, 35.0, 50.0, 61.0);
        assertThat(browser.findElement(By.id("f-machine")).getText()).isEqualTo("57");
        assertThat(browser.findElement(By.id("p-done")).getText()).isEqualTo("40");
        assertThat(browser.findElement(By.id("p-percent")).getText()).isEqualTo("40");

        // deliveries go out while the page is open: the poll brings them in without a reload
        jdbc.sql("update delivery set status = 'SENT', sent_at = ? where edition_id = ? and status = 'PENDING' "
                        + "and id in (select id from delivery where edition_id = ? and status = 'PENDING' order by id "
                        + "fetch first 30 rows only)")
                .params(Instant.now().atOffset(ZoneOffset.UTC), edition.id(), edition.id()).update();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(d -> d.findElement(By.id("p-done")).getText().equals("70"));
        assertThat(browser.findElement(By.id("progress-bar")).getDomProperty("value")).isEqualTo("70");
        assertThat(browser.findElement(By.id("p-left")).getText()).matches("\\d+:\\d\\d");
        browser.resize(1280, 1800);
        browser.shot("report-1280");

        browser.resize(375, 812);
        browser.navigate().refresh();
        assertThat(drawn("chart-sections")).isTrue();
        assertThat(drawn("chart-stories")).isTrue();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 2400);
        browser.shot("report-375");

        // the list over time: three earlier editions sent, subscribers who joined and left in earlier weeks
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int k = 1; k <= 3; k++) {
            Edition earlier = editions.findOrCreate(list.id(), IsoWeek.of(today.minusWeeks(k)), Instant.now());
            editions.setStatus(earlier.id(), EditionStatus.SENT, null, Instant.now());
        }
        List<Long> early = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int weeksAgo = i < 3 ? 3 : 2;
            early.add(subscribers.subscribe(list.id(), "early" + i + "@example.com", null, null, List.of(),
                    SubscriptionStatus.CONFIRMED, noonWeeksAgo(today, weeksAgo)));
        }
        subscribers.setStatus(early.get(0), list.id(), SubscriptionStatus.UNSUBSCRIBED, noonWeeksAgo(today, 1));
        subscribers.setStatus(early.get(4), list.id(), SubscriptionStatus.UNSUBSCRIBED, noonWeeksAgo(today, 1));
        browser.resize(1280, 1000);
        browser.get(BASE + "/admin/editions/report-weekly/trends?weeks=6");
        assertThat(drawn("chart-growth")).isTrue();
        assertThat(drawn("chart-ctr")).isTrue();
        assertThat(drawn("chart-sources")).isTrue();
        assertThat(seriesData("chart-growth", 0)).containsExactly(0.0, 0.0, 3.0, 5.0, 0.0, 100.0);
        assertThat(seriesData("chart-growth", 1)).containsExactly(0.0, 0.0, 0.0, 0.0, 2.0, 0.0);
        assertThat(seriesData("chart-growth", 2)).containsExactly(0.0, 0.0, 3.0, 8.0, 6.0, 106.0);
        assertThat(browser.findElement(By.id("t-sent")).getText()).isEqualTo("3");
        // Developers & Engineers' click-through in each sent edition, oldest first (12 % scaled per week)
        List<String> sentWeeks = browser.findElements(By.cssSelector("#ctr-table tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-week")).toList();
        assertThat(seriesData("chart-ctr", 1)).containsExactlyElementsOf(sentWeeks.stream()
                .map(w -> (Object) (Math.round(12.0 * (1 + (IsoWeek.parse(w).week() % 3) * 0.25) * 100) / 100.0))
                .toList());
        assertThat(browser.findElement(By.id("sources-table")).getText()).contains("The Register");
        browser.resize(1280, 2000);
        browser.shot("trends-1280");
        browser.resize(375, 812);
        browser.navigate().refresh();
        assertThat(drawn("chart-ctr")).isTrue();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 2600);
        browser.shot("trends-375");

        // a webhook endpoint that refuses the POST (403: this app wants a CSRF token there): its delivery log shows the attempt and the next
        browser.resize(375, 1200);
        browser.get(BASE + "/admin/webhooks");
        browser.findElement(By.id("w-url")).sendKeys(BASE + "/no-receiver-here");
        HeadlessChromium.navigateBy(browser, By.cssSelector("form[action$='/admin/webhooks'] button"));
        assertThat(browser.findElement(By.id("secret")).getText()).startsWith("whsec_");
        events.publishEvent(new EditionSent(edition.id(), list.id(), list.slug(), WEEK, 70, 0, 0, Instant.now()));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("deliveries")).getText()).contains("edition.sent", "PENDING", "403", "HTTP 403");
        browser.assertNoSidewaysScroll();
        browser.shot("webhook-log-375");
        browser.resize(1280, 900);
        browser.shot("webhook-log-1280");
    }

    private static Instant noonWeeksAgo(LocalDate today, int weeks) {
        return IsoWeek.of(today.minusWeeks(weeks)).monday().atTime(12, 0).toInstant(ZoneOffset.UTC);
    }

    private void deliveries(NewsletterList list, Edition edition, int count, String status) {
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            long id = subscribers.subscribe(list.id(), status.toLowerCase(Locale.ROOT) + i + "-" + System.nanoTime()
                    + "@example.com", null, null, List.of(), SubscriptionStatus.CONFIRMED, now);
            jdbc.sql("insert into delivery (edition_id, subscriber_id, status, attempts, created_at, sent_at) "
                            + "values (?, ?, ?, 1, ?, ?)")
                    .params(edition.id(), id, status, now.atOffset(ZoneOffset.UTC),
                            status.equals("SENT") ? now.minusSeconds(20).atOffset(ZoneOffset.UTC) : null)
                    .update();
        }
    }

    /** True once the chart's canvas is there with a size, drawn by ECharts. */
    private boolean drawn(String id) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> (Boolean) ((JavascriptExecutor) d)
                .executeScript("var el = document.getElementById(arguments[0]);"
                        + "var c = el && el.querySelector('canvas');"
                        + "return !!(window.echarts && echarts.getInstanceByDom(el) && c && c.width > 0 && c.height > 0"
                        + " && c.getBoundingClientRect().width > 0);", id));
    }

    @SuppressWarnings("unchecked")
    private List<Object> seriesData(String id, int series) {
        List<Object> data = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series[arguments[1]]"
                        + ".data;", id, series);
        // the driver hands whole numbers back as Long and others as Double
        return data.stream().map(v -> v == null ? null : (Object) ((Number) v).doubleValue()).toList();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedReport {

        @Bean
        @Primary
        EditionReportSource fixedReport() {
            // click-through varies a little from week to week, so the lines over time have a shape
            return (list, week) -> Optional.of(new EditionReportSource.Report(REPORT.sent(), REPORT.delivered(),
                    REPORT.bounced(), REPORT.complaints(), REPORT.unsubscribes(), REPORT.uniqueClickers(),
                    REPORT.readerClicks(), REPORT.machineClicks(), REPORT.sections().stream()
                            .map(s -> new EditionReportSource.Section(s.audienceSlug(), s.name(), s.impressions(),
                                    s.readerClicks(), s.clickThrough() * (1 + (week.week() % 3) * 0.25), s.stories()))
                            .toList()));
        }
    }
}
