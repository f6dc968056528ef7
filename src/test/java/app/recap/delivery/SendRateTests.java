package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.audience.AudienceRepository;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.ScriptedSmtpServer;
import app.recap.support.TestWorld;

/**
 * The configured send rate holds across threads: counted as messages arriving in any one-second window at
 * the relay, not as the run's total time.
 */
@SpringBootTest(properties = {"recap.mail.host=127.0.0.1", "recap.mail.port=3942", "recap.delivery.chunk-size=5",
        "recap.delivery.partitions=3", "recap.delivery.threads=3", "recap.delivery.rate-per-second=20",
        "spring.datasource.url=jdbc:h2:mem:send-rate;DB_CLOSE_DELAY=-1"})
@Tag("database")
class SendRateTests {

    static final int RATE = 20;
    static final int THREADS = 3;
    static ScriptedSmtpServer relay;

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    @BeforeAll
    static void startRelay() throws Exception {
        relay = new ScriptedSmtpServer(3942);
    }

    @AfterAll
    static void stopRelay() throws Exception {
        relay.close();
    }

    @Test
    void noSecondCarriesMoreThanTheConfiguredRate() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("rated", 60);

        DigestRun run = weeklyDigest.run("rated", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.sent()).isEqualTo(60);
        List<Long> arrivals = relay.accepted().stream().map(ScriptedSmtpServer.Accepted::nanoTime).sorted().toList();
        assertThat(arrivals).hasSize(60);
        int busiestSecond = 0;
        for (int i = 0, j = 0; i < arrivals.size(); i++) {
            while (arrivals.get(i) - arrivals.get(j) >= 1_000_000_000L) {
                j++;
            }
            busiestSecond = Math.max(busiestSecond, i - j + 1);
        }
        // the bucket allows a burst of a tenth of a second's worth (2) on top of the rate; arrivals are timed at the
        // relay, so each of the 3 sending threads may have one message that left in the previous second and was
        // delayed on a busy machine (one such run saw 23)
        assertThat(busiestSecond).isLessThanOrEqualTo(RATE + 2 + THREADS).isGreaterThanOrEqualTo(RATE / 2);
    }
}
