package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.audience.AudienceRepository;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.IngestContext;
import app.recap.support.TestWorld;

/**
 * A hostile feed all the way into subscribers' mailboxes: its story is sent (so the test sees it), and nothing
 * of its scripts, styles, event handlers, {@code javascript:} links or tracking pixels is in any message.
 */
class HostileFeedEmailTests extends IngestContext {

    @Autowired FeedService feeds;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;

    @Test
    void nothingHostileFromAFeedReachesAnEmail() throws Exception {
        TestWorld world = new TestWorld(audiences, lists, subscribers, stories).withStories();
        world.listWithSubscribers("hostile", 3);
        server.serve("/hostile.xml", fixture("rss20-hostile.xml"), "application/rss+xml");
        FeedSource feed = feeds.add(server.url("/hostile.xml"), "Hostile Wire", null).feed();
        assertThat(feeds.fetchNow(feed.id()).orElseThrow().error()).isNull();

        DigestRun run = weeklyDigest.run("hostile", IsoWeek.parse(TestWorld.WEEK));

        assertThat(run.jobStatus()).isEqualTo("COMPLETED");
        List<String> messages = messagesOfList("hostile.recap.example");
        assertThat(messages).hasSize(3);
        assertThat(messages).anySatisfy(text -> assertThat(text).contains("Patch now").contains("Upgrade today."));
        for (String text : messages) {
            assertThat(text).doesNotContain("alert(").doesNotContainIgnoringCase("javascript:")
                    .doesNotContain("tracker.example").doesNotContain("evil.example")
                    .doesNotContainIgnoringCase("onerror").doesNotContainIgnoringCase("onclick")
                    .doesNotContainIgnoringCase("onmouseover").doesNotContainIgnoringCase("<script")
                    .doesNotContainIgnoringCase("<iframe").doesNotContain("body{display:none}");
        }
    }

    /** The decoded bodies (all parts) of the outbox messages whose List-Id names the list. */
    private static List<String> messagesOfList(String listId) throws Exception {
        try (Stream<Path> files = Files.list(outboxDir())) {
            List<Path> eml = files.filter(f -> f.toString().endsWith(".eml")).toList();
            List<String> bodies = new java.util.ArrayList<>();
            for (Path file : eml) {
                MimeMessage message;
                try (var in = Files.newInputStream(file)) {
                    message = new MimeMessage(Session.getInstance(new java.util.Properties()), in);
                }
                String[] ids = message.getHeader("List-Id");
                if (ids == null || !ids[0].contains(listId)) {
                    continue;
                }
                StringBuilder text = new StringBuilder(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                MimeMultipart parts = (MimeMultipart) message.getContent();
                for (int i = 0; i < parts.getCount(); i++) {
                    text.append('\n').append(parts.getBodyPart(i).getContent());
                }
                bodies.add(text.toString());
            }
            return bodies;
        }
    }
}
