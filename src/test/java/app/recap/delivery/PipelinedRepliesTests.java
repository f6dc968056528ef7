package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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
 * The replies of a relay that offers PIPELINING, where MAIL, RCPT and DATA go out together and their replies are
 * read after: a refused recipient is still recorded with the relay's words and the connection carries on
 * (the DATA the relay refused after it is not mistaken for the message's outcome), a deferral is retried, and
 * every accepted message arrives whole over the same connections.
 */
@SpringBootTest(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=3944", "recap.delivery.chunk-size=3",
        "recap.delivery.partitions=2", "recap.delivery.threads=2", "recap.delivery.retry-delay=10ms",
        "recap.delivery.max-retries=3", "recap.bounces.hard-limit=1",
        "spring.datasource.url=jdbc:h2:mem:pipelined-replies;DB_CLOSE_DELAY=-1"})
@Tag("database")
class PipelinedRepliesTests {

    static ScriptedSmtpServer relay;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = new ScriptedSmtpServer(3944, true);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @Test
    void pipelinedCommandsKeepEachMessagesOwnOutcome() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        NewsletterList list = world.listWithSubscribers("pipelined", 4);
        List<Long> audience = List.of(world.audience("developers-engineers").id());
        Instant at = Instant.parse("2026-11-20T00:00:00Z");
        for (String email : List.of("deferred@example.com", "nouser@example.com", "after@example.com")) {
            subscribers.subscribe(list.id(), email, null, null, audience, SubscriptionStatus.CONFIRMED, at);
        }
        relay.script("deferred@example.com", "451 4.7.1 Greylisted, try again later");
        relay.script("nouser@example.com", "550 5.1.1 <nouser@example.com>: Recipient address rejected: User unknown");

        DigestRun run = weeklyDigest.run("pipelined", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        Map<String, String[]> rows = deliveries(list);
        assertThat(rows.get("deferred@example.com")).containsExactly("SENT", "2", null);
        assertThat(rows.get("nouser@example.com")[0]).isEqualTo("FAILED");
        assertThat(rows.get("nouser@example.com")[2]).contains("550").contains("User unknown");
        assertThat(rows.get("after@example.com")[0]).isEqualTo("SENT");
        List<ScriptedSmtpServer.Accepted> accepted = relay.accepted();
        assertThat(accepted).extracting(ScriptedSmtpServer.Accepted::recipient).containsExactlyInAnyOrder(
                "pipelined-reader0@example.com", "pipelined-reader1@example.com", "pipelined-reader2@example.com",
                "pipelined-reader3@example.com", "deferred@example.com", "after@example.com");
        for (ScriptedSmtpServer.Accepted message : accepted) {
            assertThat(message.data()).contains("Message-ID: <").contains("Content-Transfer-Encoding: 8bit")
                    .endsWith("--\n");
            assertThat(message.mailFrom()).isNotBlank();
        }
    }

    private Map<String, String[]> deliveries(NewsletterList list) {
        return jdbc.sql("""
                select u.email, d.status, d.attempts, d.last_error from delivery d
                join subscriber u on u.id = d.subscriber_id join edition e on e.id = d.edition_id
                where e.list_id = ?""").param(list.id())
                .query((rs, n) -> Map.entry(rs.getString(1),
                        new String[] {rs.getString(2), String.valueOf(rs.getInt(3)), rs.getString(4)}))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
