package app.recap.delivery.message;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeUtility;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.context.MessageSource;

import app.recap.delivery.ReturnPaths;
import app.recap.delivery.send.DeliveryItem;
import app.recap.edition.DigestRenderer;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.RenderedDigest;
import app.recap.edition.StoryLinks;
import app.recap.preferences.SubscriberLinks;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.FirstName;
import app.recap.subscriber.NewsletterList;
import app.recap.tracking.TrackedLinks;

/**
 * Builds each subscriber's message. The digest is rendered and encoded once per audience combination
 * (segment); per subscriber only the greeting name and the personal links are spliced into the ready bytes,
 * because MIME encoding, not SMTP, dominates the cost of a message. Tracked story links are signed once per
 * segment too; a list that tracks per subscriber adds one signed reader part per message, spliced into every
 * story link.
 */
public class DigestMessageComposer implements ItemProcessor<DeliveryItem, ComposedMessage> {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String NAME = DigestRenderer.PLACEHOLDERS.greetingName();
    private static final String UNSUBSCRIBE = DigestRenderer.PLACEHOLDERS.unsubscribeUrl();
    private static final String PREFERENCES = DigestRenderer.PLACEHOLDERS.preferencesUrl();
    private static final String VIEW = DigestRenderer.PLACEHOLDERS.archiveUrl();

    private final SegmentCache.EditionRender edition;
    private final EditionHeaders headers;
    private final String anonymous;
    private final EditionSnapshot snapshot;
    private final DigestRenderer renderer;
    private final SubscriberLinks links;
    private final ReturnPaths returnPaths;
    private final Clock clock;
    /** null for copies whose clicks must not count (test messages) */
    private final TrackedLinks tracked;
    private final boolean perReader;
    private volatile SentDate sentDate;

    /** A composer whose story links point straight at the stories (test copies). */
    public DigestMessageComposer(SegmentCache.EditionRender edition, DigestRenderer renderer, SubscriberLinks links,
            ReturnPaths returnPaths, MessageSource messages, Clock clock) {
        this(edition, renderer, links, returnPaths, messages, clock, null);
    }

    /**
     * @param tracked the list's click-counting links: per segment, plus one signed reader part per message when the
     *                list tracks per subscriber; null for untracked links
     */
    public DigestMessageComposer(SegmentCache.EditionRender edition, DigestRenderer renderer, SubscriberLinks links,
            ReturnPaths returnPaths, MessageSource messages, Clock clock, TrackedLinks tracked) {
        this.headers = EditionHeaders.of(edition.snapshot().list());
        this.anonymous = messages.getMessage("digest.greeting.anonymous", null, edition.snapshot().list().locale());
        this.edition = edition;
        this.snapshot = edition.snapshot();
        this.renderer = renderer;
        this.links = links;
        this.returnPaths = returnPaths;
        this.clock = clock;
        this.tracked = tracked;
        this.perReader = tracked != null && tracked.perReader(snapshot.list());
    }

    @Override
    public ComposedMessage process(DeliveryItem item) throws MessagingException {
        NewsletterList list = snapshot.list();
        String messageId = "<" + snapshot.edition().id() + "." + item.subscriberId() + "." + list.slug() + "@"
                + list.senderDomain() + ">";
        InternetAddress to;
        try {
            to = new InternetAddress(item.email(), true);
            to.validate();
            if (item.name() != null && !item.name().isBlank()) {
                to.setPersonal(item.name().strip(), StandardCharsets.UTF_8.name());
            }
        } catch (AddressException | java.io.UnsupportedEncodingException e) {
            return new ComposedMessage(item, null, messageId, "invalid address: " + e.getMessage());
        }
        DigestLength length = item.length() == null ? edition.defaultLength() : item.length();
        String key = (item.audienceKey() == null ? "" : item.audienceKey()) + "|" + length.name();
        Segment segment = edition.segment(key, this::renderSegment);
        if (segment.storyCount() == 0) {
            return new ComposedMessage(item, null, messageId, "no stories this week for the chosen audiences");
        }
        String firstName = FirstName.of(item.name());
        String greeting = firstName == null ? anonymous : firstName;
        String unsubscribe = links.unsubscribeUrl(item.subscriberId(), list.id());
        String preferences = links.preferencesUrl(item.subscriberId(), list.id());
        String view = links.viewUrl(item.subscriberId(), list.id(), snapshot.edition().week().toString());
        Map<String, String> values = perReader
                ? Map.of(NAME, greeting, UNSUBSCRIBE, unsubscribe, PREFERENCES, preferences, VIEW, view,
                        TrackedLinks.READER,
                        tracked.readerPart(snapshot.edition().id(), item.deliveryId(), item.subscriberId()))
                : Map.of(NAME, greeting, UNSUBSCRIBE, unsubscribe, PREFERENCES, preferences, VIEW, view);

        DigestMimeMessage message = new DigestMimeMessage(SESSION, messageId, segment.body(), values);
        // VERP: a bounce addressed to this envelope sender names its delivery (one HMAC, no I/O)
        message.setEnvelopeFrom(item.deliveryId() > 0 ? returnPaths.of(item.deliveryId(), list) : returnPaths.plain(list));
        message.setHeader("From", headers.from());
        if (headers.replyTo() != null) {
            message.setHeader("Reply-To", headers.replyTo());
        }
        message.setHeader("To", MimeUtility.fold(4, to.toString()));
        message.setHeader("Subject", segment.encodedSubject());
        message.setHeader("Date", dateHeader());
        message.setHeader("List-Id", headers.listId());
        message.setHeader("List-Unsubscribe", "<" + unsubscribe + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        return new ComposedMessage(item, message, messageId, null);
    }

    /**
     * The Date header for now, formatted as {@code MimeMessage.setSentDate} formats it, once per second: Jakarta
     * Mail's formatter is synchronised and slow, and the header only shows seconds.
     */
    private String dateHeader() {
        long second = Math.floorDiv(clock.millis(), 1000L);
        SentDate date = sentDate;
        if (date == null || date.second() != second) {
            date = new SentDate(second, new MailDateFormat().format(new Date(second * 1000L)));
            sentDate = date;
        }
        return date.header();
    }

    private record SentDate(long second, String header) {
    }

    /** Renders one segment: {@code "3,1,5|STANDARD"}, the audience key (empty for every topic) and the length. */
    private Segment renderSegment(String segmentKey) {
        int bar = segmentKey.lastIndexOf('|');
        String audienceKey = segmentKey.substring(0, bar);
        DigestLength length = DigestLength.valueOf(segmentKey.substring(bar + 1));
        boolean everyTopic = audienceKey.isBlank();
        List<Long> audiences = everyTopic ? snapshot.defaultAudienceIds(edition.offeredAudiences())
                : Arrays.stream(audienceKey.split(",")).map(Long::valueOf).toList();
        StoryLinks storyLinks = tracked == null ? StoryLinks.DIRECT
                : tracked.forSegment(snapshot.list(), snapshot.edition().id(), audiences);
        RenderedDigest digest = renderer.render(snapshot, new DigestRenderer.Reader(audiences, everyTopic, length),
                DigestRenderer.PLACEHOLDERS, storyLinks);
        List<String> placeholders = perReader ? List.of(NAME, UNSUBSCRIBE, PREFERENCES, VIEW, TrackedLinks.READER)
                : List.of(NAME, UNSUBSCRIBE, PREFERENCES, VIEW);
        try {
            return new Segment(MimeUtility.fold(9, MimeUtility.encodeText(digest.subject(), "UTF-8", null)),
                    digest.storyCount(), DigestBody.of(digest.text(), digest.html(), placeholders));
        } catch (java.io.UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Headers that are the same for every message of the edition, encoded once. */
    private record EditionHeaders(String from, String replyTo, String listId) {

        static EditionHeaders of(NewsletterList list) {
            try {
                String from = new InternetAddress(list.senderEmail(), list.senderName(), "UTF-8").toString();
                String replyTo = list.replyTo() == null || list.replyTo().isBlank() ? null
                        : InternetAddress.toString(InternetAddress.parse(list.replyTo()));
                String listId = MimeUtility.encodeText(list.name().replace("\"", ""), "UTF-8", null);
                return new EditionHeaders(MimeUtility.fold(6, from), replyTo,
                        "\"" + listId + "\" <" + list.slug() + "." + list.senderDomain() + ">");
            } catch (java.io.UnsupportedEncodingException | AddressException e) {
                throw new IllegalStateException("list " + list.slug() + " has an unusable sender or reply-to", e);
            }
        }
    }

    private record Segment(String encodedSubject, int storyCount, DigestBody body) {
    }
}
