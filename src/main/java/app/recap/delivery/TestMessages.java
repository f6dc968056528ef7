package app.recap.delivery;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.mail.MessagingException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;

import app.recap.delivery.message.ComposedMessage;
import app.recap.delivery.message.DigestMessageComposer;
import app.recap.delivery.message.SegmentCache;
import app.recap.delivery.send.DeliveryItem;
import app.recap.delivery.smtp.MailConnection;
import app.recap.delivery.smtp.MailConnections;
import app.recap.edition.DigestRenderer;
import app.recap.edition.EditionSnapshot;
import app.recap.preferences.SubscriberLinks;
import app.recap.subscriber.ListRepository;

/**
 * Sends one test copy of an edition to an address, composed exactly as the weekly job composes a subscriber's
 * message and sent the same way (SMTP relay or outbox). The copy gets its own Message-ID, so a mailbox does not
 * take a later test, or the real edition, for a duplicate; its personal links are signed
 * for {@link SubscriberLinks#TEST_READER}, so they open a page that says it was a test and act on no subscriber.
 */
@Service
public class TestMessages {

    private static final Logger log = LoggerFactory.getLogger(TestMessages.class);

    /** What a test copy's subject starts with. */
    public static final String TEST_MARK = "[TEST] ";

    private final DigestRenderer renderer;
    private final SubscriberLinks links;
    private final ReturnPaths returnPaths;
    private final MessageSource messages;
    private final MailConnections connections;
    private final Clock clock;

    private final ListRepository lists;

    TestMessages(DigestRenderer renderer, SubscriberLinks links, ReturnPaths returnPaths, MessageSource messages,
            MailConnections connections, Clock clock, ListRepository lists) {
        this.lists = lists;
        this.returnPaths = returnPaths;
        this.renderer = renderer;
        this.links = links;
        this.messages = messages;
        this.connections = connections;
        this.clock = clock;
    }

    /**
     * @param audienceIds the audience combination, in order
     * @param name        the greeting name, or null for the anonymous greeting
     * @return the Message-ID sent
     * @throws IllegalArgumentException when the address does not parse or the combination has no stories
     * @throws MailRelayException      when the relay refuses the message or cannot be reached
     */
    public String send(EditionSnapshot snapshot, List<Long> audienceIds, String to, String name) {
        try {
            return sendCopy(snapshot, audienceIds, to, name);
        } catch (MessagingException e) {
            throw new MailRelayException(e);
        }
    }

    private String sendCopy(EditionSnapshot snapshot, List<Long> audienceIds, String to, String name)
            throws MessagingException {
        String key = audienceIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        var render = new SegmentCache.EditionRender(snapshot, audienceIds,
                com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1).build(),
                lists.defaultLength(snapshot.list().id()));
        DigestMessageComposer composer = new DigestMessageComposer(render, renderer, links, returnPaths, messages, clock);
        ComposedMessage composed = composer.process(
                new DeliveryItem(0, SubscriberLinks.TEST_READER, to, name, key));
        if (composed.message() == null) {
            throw new IllegalArgumentException(composed.skipReason());
        }
        String messageId = "<test." + UUID.randomUUID() + "@" + snapshot.list().senderDomain() + ">";
        composed.message().setHeader("Message-ID", messageId);
        // marked, so nobody takes a proof for the edition itself (nor files it with the real ones)
        composed.message().setSubject(TEST_MARK + composed.message().getSubject(), "UTF-8");
        try (MailConnection connection = connections.open()) {
            connection.send(composed.message(), to);
        }
        log.info("test copy of edition {} list={} audiences={} sent to={} via {}", snapshot.edition().id(),
                snapshot.list().slug(), key, to, connections.describe());
        return messageId;
    }
}
