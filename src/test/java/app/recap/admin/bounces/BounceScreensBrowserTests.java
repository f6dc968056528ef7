package app.recap.admin.bounces;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.audience.AudienceRepository;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Subscriptions;
import app.recap.support.BrowserSession;
import app.recap.support.HeadlessChromium;
import app.recap.support.TestWorld;

/**
 * The bounce log, a list's rates chart and a subscriber's page in a real headless chromium ({@code -Pbrowser}): the
 * two rate charts are drawn with their provider lines, and no page is wider than a phone. Screenshots at 1280 and
 * 375 px go to {@code target/screenshots}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = {"server.port=1854",
        "server.address=127.0.0.1", "recap.admin.email=bounces@recap.example",
        "recap.admin.password=bounce browser password", "recap.base-url=http://127.0.0.1:1854",
        "spring.datasource.url=jdbc:h2:mem:bounce-browser;DB_CLOSE_DELAY=-1",
        "recap.mail.outbox-dir=target/browser-outbox", "recap.delivery.schedule-enabled=false"})
@Tag("database")
class BounceScreensBrowserTests {

    static final String BASE = "http://127.0.0.1:1854";

    @RegisterExtension
    static final BrowserSession browser = new BrowserSession();
    static final int READERS = 80;

    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired EditionRepository editions;
    @Autowired Subscriptions subscriptions;
    @Autowired JdbcClient jdbc;

    @Test
    void theBounceLogTheRatesChartAndASubscribersPageFitAPhone() throws Exception {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories()
                .listWithSubscribers("bounce-weekly", READERS);
        jdbc.sql("update newsletter_list set tracking = 'SUBSCRIBER' where id = ?").param(list.id()).update();
        // four editions: bounces per edition (hard, soft) and complaints, as shares of 80 delivered
        int[][] perWeek = {{0, 1, 0}, {1, 1, 0}, {1, 2, 1}, {0, 1, 0}};
        String[] weeks = {"2026-W45", "2026-W46", "2026-W47", "2026-W48"};
        int reader = 0;
        long lastEdition = 0;
        for (int w = 0; w < weeks.length; w++) {
            lastEdition = sentEdition(list, IsoWeek.parse(weeks[w]));
            Instant at = IsoWeek.parse(weeks[w]).monday().atTime(9, 30).toInstant(ZoneOffset.UTC);
            for (int h = 0; h < perWeek[w][0]; h++) {
                bounce(list, lastEdition, reader++, "HARD", "5.1.1", "user unknown",
                        "550 5.1.1 <" + email(list, reader - 1) + ">: Recipient address rejected: User unknown in"
                                + " virtual mailbox table", at, "BOUNCED");
            }
            for (int s = 0; s < perWeek[w][1]; s++) {
                bounce(list, lastEdition, reader++, "SOFT", "4.2.2", "mailbox full",
                        "452 4.2.2 The email account that you tried to reach is over quota.", at, "BOUNCED");
            }
            for (int c = 0; c < perWeek[w][2]; c++) {
                bounce(list, lastEdition, reader++, "COMPLAINT", null, "complaint", null, at, "COMPLAINED");
            }
        }
        bounce(list, lastEdition, 0, "AUTO_REPLY", null, "out of office", null,
                Instant.parse("2026-11-23T11:00:00Z"), null);
        long reader0 = subscribers.findByEmail(email(list, 0)).orElseThrow().id();
        subscriptions.pause(reader0, list.id(), Instant.now().plus(Duration.ofDays(21)), Instant.now());
        List<Long> storyIds = jdbc.sql("select id from story order by id fetch first 3 rows only").query(Long.class)
                .list();
        for (int i = 0; i < storyIds.size(); i++) {
            jdbc.sql("""
                    insert into tracking_event (kind, edition_id, segment_key, story_id, subscriber_id, machine_reason,
                        occurred_at) values ('CLICK', ?, '', ?, ?, ?, ?)""")
                    .params(lastEdition, storyIds.get(i), reader0, i == 2 ? "HEAD" : null,
                            Instant.parse("2026-11-23T12:00:00Z").plusSeconds(600L * i).atOffset(ZoneOffset.UTC))
                    .update();
        }

        browser.resize(1280, 1000);
        browser.get(BASE + "/admin/bounces");
        browser.findElement(By.id("username")).sendKeys("bounces@recap.example");
        browser.findElement(By.id("password")).sendKeys("bounce browser password");
        HeadlessChromium.navigateBy(browser, By.id("sign-in"));
        assertThat(browser.findElements(By.cssSelector("#bounces tbody tr"))).hasSize(9);
        browser.shot("bounce-log-1280");
        browser.resize(375, 812);
        browser.navigate().refresh();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 2400);
        browser.shot("bounce-log-375");

        browser.resize(1280, 1000);
        HeadlessChromium.navigateBy(browser, By.id("rates-link"));
        assertThat(drawn("chart-bounce-rate")).isTrue();
        assertThat(drawn("chart-complaint-rate")).isTrue();
        assertThat(seriesData("chart-bounce-rate")).containsExactly(1.25, 2.5, 3.75, 1.25);
        assertThat(seriesData("chart-complaint-rate")).containsExactly(0.0, 0.0, 1.25, 0.0);
        assertThat(markLine("chart-bounce-rate")).isEqualTo(2.0);
        assertThat(markLine("chart-complaint-rate")).isEqualTo(0.3);
        browser.resize(1280, 1500);
        browser.shot("bounce-rates-1280");
        browser.resize(375, 812);
        browser.navigate().refresh();
        assertThat(drawn("chart-bounce-rate")).isTrue();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 2000);
        browser.shot("bounce-rates-375");

        browser.resize(1280, 1000);
        browser.get(BASE + "/admin/subscribers/" + reader0);
        assertThat(browser.findElements(By.cssSelector("#deliveries tbody tr"))).hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#subscriber-bounces tbody tr"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#clicks tbody tr"))).hasSize(3);
        assertThat(browser.findElement(By.id("pauses")).getText()).startsWith("bounce-weekly: paused until");
        browser.resize(1280, 2200);
        browser.shot("subscriber-1280");
        browser.resize(375, 812);
        browser.navigate().refresh();
        browser.assertNoSidewaysScroll();
        browser.resize(375, 3600);
        browser.shot("subscriber-375");
    }

    private static String email(NewsletterList list, int i) {
        return list.slug() + "-reader" + i + "@example.com";
    }

    private long sentEdition(NewsletterList list, IsoWeek week) {
        Instant at = week.monday().atTime(8, 0).toInstant(ZoneOffset.UTC);
        long id = editions.findOrCreate(list.id(), week, at).id();
        editions.setStatus(id, EditionStatus.SENT, null, at);
        jdbc.sql("""
                insert into delivery (edition_id, subscriber_id, status, attempts, created_at, sent_at)
                select ?, s.subscriber_id, 'SENT', 1, ?, ? from subscription s
                where s.list_id = ? and s.status = 'CONFIRMED'""")
                .params(id, at.atOffset(ZoneOffset.UTC), at.atOffset(ZoneOffset.UTC), list.id()).update();
        return id;
    }

    private void bounce(NewsletterList list, long editionId, int reader, String type, String status, String reason,
            String diagnostic, Instant at, String mark) {
        long subscriberId = subscribers.findByEmail(email(list, reader)).orElseThrow().id();
        long deliveryId = jdbc.sql("select id from delivery where edition_id = ? and subscriber_id = ?")
                .params(editionId, subscriberId).query(Long.class).single();
        jdbc.sql("""
                insert into bounce_event (event_key, source, type, recipient, status, reason, diagnostic, delivery_id,
                    subscriber_id, edition_id, list_id, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params("browser:" + editionId + ":" + reader + ":" + type, type.equals("COMPLAINT") ? "ses" : "mailbox",
                        type, email(list, reader), status, reason, diagnostic, deliveryId, subscriberId, editionId,
                        list.id(), at.atOffset(ZoneOffset.UTC))
                .update();
        if (mark != null) {
            jdbc.sql("update delivery set status = ?, last_error = ? where id = ?")
                    .params(mark, type.toLowerCase(java.util.Locale.ROOT) + ": " + (diagnostic == null ? reason
                            : diagnostic), deliveryId).update();
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
    private List<Object> seriesData(String id) {
        List<Object> data = (List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series[0].data;",
                id);
        return data.stream().map(v -> (Object) ((Number) v).doubleValue()).toList();
    }

    private double markLine(String id) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return echarts.getInstanceByDom(document.getElementById(arguments[0])).getOption().series[0]"
                        + ".markLine.data[0].yAxis;", id)).doubleValue();
    }
}
