package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.ScriptedSmtpServer;
import app.recap.support.TestWorld;

/**
 * How the sender treats what a relay answers, against a scripted SMTP server: deferrals and throttling are
 * retried and sent, permanent refusals are recorded with the server's words without stopping the job, a "no
 * such user" suppresses the subscriber, an unparsable address is skipped, and failed deliveries can be re-sent.
 */
@SpringBootTest(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=3941", "recap.delivery.chunk-size=3",
        "recap.delivery.partitions=2", "recap.delivery.threads=2", "recap.delivery.retry-delay=10ms",
        "recap.delivery.max-retries=3", "recap.bounces.hard-limit=1",
        "spring.datasource.url=jdbc:h2:mem:delivery-replies;DB_CLOSE_DELAY=-1"})
@Tag("database")
class DeliveryRepliesTests {

    static ScriptedSmtpServer relay;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired JdbcClient jdbc;
    @Autowired DeliveryProgress progress;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = new ScriptedSmtpServer(3941);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @Test
    void retriesDeferralsRecordsRefusalsSkipsBadAddressesAndResendsFailures() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers("replies", 4);
        List<Long> audience = List.of(world.audience("developers-engineers").id());
        Instant at = Instant.parse("2026-11-20T00:00:00Z");
        for (String email : List.of("deferred@example.com", "throttled@example.com", "nouser@example.com",
                "fullbox@example.com", "not an address@@example.com")) {
            subscribers.subscribe(list.id(), email, null, null, audience, SubscriptionStatus.CONFIRMED, at);
        }
        relay.script("deferred@example.com", "451 4.7.1 Greylisted, try again later");
        relay.script("throttled@example.com", "454 4.7.0 Throttling failure: Maximum sending rate exceeded.",
                "454 4.7.0 Throttling failure: Maximum sending rate exceeded.");
        relay.script("nouser@example.com", "550 5.1.1 <nouser@example.com>: Recipient address rejected: User unknown");
        relay.script("fullbox@example.com", "552 5.2.2 Mailbox full");

        DigestRun run = weeklyDigest.run("replies", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        Map<String, Row> rows = deliveries(list);
        assertThat(rows.get("deferred@example.com")).extracting(Row::status, Row::attempts).containsExactly("SENT", 2);
        assertThat(rows.get("throttled@example.com")).extracting(Row::status, Row::attempts).containsExactly("SENT", 3);
        assertThat(rows.get("nouser@example.com").status()).isEqualTo("FAILED");
        assertThat(rows.get("nouser@example.com").lastError()).contains("550").contains("User unknown");
        assertThat(rows.get("fullbox@example.com").status()).isEqualTo("FAILED");
        assertThat(rows.get("fullbox@example.com").lastError()).contains("552 5.2.2 Mailbox full");
        assertThat(rows.get("not an address@@example.com").status()).isEqualTo("SKIPPED");
        assertThat(rows.get("not an address@@example.com").lastError()).startsWith("invalid address");
        assertThat(rows.values().stream().filter(r -> r.status().equals("SENT")).count()).isEqualTo(6);
        assertThat(recipients()).containsExactlyInAnyOrder("replies-reader0@example.com", "replies-reader1@example.com",
                "replies-reader2@example.com", "replies-reader3@example.com", "deferred@example.com",
                "throttled@example.com");
        assertThat(status("nouser@example.com")).isEqualTo("BLOCKLISTED");
        assertThat(status("fullbox@example.com")).isEqualTo("ENABLED");

        // the mailbox was emptied: re-send only what failed; the suppressed address stays suppressed
        relay.clear();
        DigestRun resent = weeklyDigest.resendFailed("replies", IsoWeek.parse(TestWorld.WEEK));

        assertThat(resent.jobStatus()).isEqualTo("COMPLETED");
        assertThat(recipients()).containsExactly("fullbox@example.com");
        assertThat(deliveries(list).get("fullbox@example.com").status()).isEqualTo("SENT");
        assertThat(deliveries(list).get("nouser@example.com").status()).isEqualTo("FAILED");
        assertThat(resent.sent()).isEqualTo(7);
    }

    @Test
    void aDeliveryTheRelayKeepsDeferringCountsAsDeferredInTheProgressUntilARetrySendsIt() throws Exception {
        relay.clear();
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers("deferrals", 2);
        subscribers.subscribe(list.id(), "greylisted@example.com", null, null,
                List.of(world.audience("developers-engineers").id()), SubscriptionStatus.CONFIRMED,
                Instant.parse("2026-11-20T00:00:00Z"));
        // more deferrals than the retries (3) of one run
        for (int i = 0; i < 6; i++) {
            relay.script("greylisted@example.com", "451 4.7.1 Greylisted, try again later");
        }

        weeklyDigest.run("deferrals", IsoWeek.parse(TestWorld.WEEK));

        long editionId = jdbc.sql("select id from edition where list_id = ?").param(list.id()).query(Long.class).single();
        SendProgress after = progress.of(editionId);
        assertThat(after.sent()).isEqualTo(2);
        assertThat(after.deferred()).isEqualTo(1);
        assertThat(after.due()).isEqualTo(1);
        assertThat(after.failed()).isZero();

        relay.clear();
        weeklyDigest.continueSending("deferrals", IsoWeek.parse(TestWorld.WEEK), "retry");
        SendProgress retried = progress.of(editionId);
        assertThat(retried.sent()).isEqualTo(3);
        assertThat(retried.deferred()).isZero();
        relay.clear();
    }

    private List<String> recipients() {
        return relay.accepted().stream().map(ScriptedSmtpServer.Accepted::recipient).toList();
    }

    private String status(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }

    record Row(String status, int attempts, String lastError) {
    }

    private Map<String, Row> deliveries(NewsletterList list) {
        return jdbc.sql("""
                select u.email, d.status, d.attempts, d.last_error from delivery d
                join subscriber u on u.id = d.subscriber_id join edition e on e.id = d.edition_id
                where e.list_id = ?""").param(list.id())
                .query((rs, n) -> Map.entry(rs.getString(1), new Row(rs.getString(2), rs.getInt(3), rs.getString(4))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
