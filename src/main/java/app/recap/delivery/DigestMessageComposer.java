package app.recap.delivery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.springframework.batch.infrastructure.item.ItemProcessor;
import org.springframework.context.MessageSource;
import org.springframework.web.util.HtmlUtils;

import app.recap.edition.DigestRenderer;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.RenderedDigest;
import app.recap.preferences.SubscriberLinks;
import app.recap.subscriber.NewsletterList;

/**
 * Builds each subscriber's message. The digest is rendered and encoded once per audience combination
 * (segment); per subscriber only the greeting name and the personal links are spliced into the ready bytes,
 * because MIME encoding, not SMTP, dominates the cost of a message.
 */
class DigestMessageComposer implements ItemProcessor<DeliveryItem, ComposedMessage> {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String NAME = DigestRenderer.PLACEHOLDERS.greetingName();
    private static final String UNSUBSCRIBE = DigestRenderer.PLACEHOLDERS.unsubscribeUrl();
    private static final String PREFERENCES = DigestRenderer.PLACEHOLDERS.preferencesUrl();

    private final SegmentCache.EditionRender edition;
    private final EditionSnapshot snapshot;
    private final DigestRenderer renderer;
    private final SubscriberLinks links;
    private final MessageSource messages;
    private final Clock clock;

    DigestMessageComposer(SegmentCache.EditionRender edition, DigestRenderer renderer, SubscriberLinks links,
            MessageSource messages, Clock clock) {
        this.edition = edition;
        this.snapshot = edition.snapshot();
        this.renderer = renderer;
        this.links = links;
        this.messages = messages;
        this.clock = clock;
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
                to.setPersonal(item.name(), StandardCharsets.UTF_8.name());
            }
        } catch (AddressException | java.io.UnsupportedEncodingException e) {
            return new ComposedMessage(item, null, messageId, "invalid address: " + e.getMessage());
        }
        Segment segment = edition.segment(item.audienceKey(), this::renderSegment);
        if (segment.storyCount() == 0) {
            return new ComposedMessage(item, null, messageId, "no stories this week for the chosen audiences");
        }
        String greeting = item.name() == null || item.name().isBlank()
                ? messages.getMessage("digest.greeting.anonymous", null, list.locale())
                : item.name().strip();
        Map<String, String> values = Map.of(
                NAME, greeting,
                UNSUBSCRIBE, links.unsubscribeUrl(item.subscriberId(), list.id()),
                PREFERENCES, links.preferencesUrl(item.subscriberId(), list.id()));

        MimeMessage message = new DigestMimeMessage(SESSION, messageId);
        message.setFrom(sender(list));
        if (list.replyTo() != null && !list.replyTo().isBlank()) {
            message.setReplyTo(InternetAddress.parse(list.replyTo()));
        }
        message.setRecipient(Message.RecipientType.TO, to);
        message.setSubject(segment.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        message.setHeader("List-Id", "\"" + list.name().replace("\"", "") + "\" <" + list.slug() + "."
                + list.senderDomain() + ">");
        message.setHeader("List-Unsubscribe", "<" + values.get(UNSUBSCRIBE) + ">");
        message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(part("text/plain; charset=UTF-8", segment.text().splice(values, false)));
        alternative.addBodyPart(part("text/html; charset=UTF-8", segment.html().splice(values, true)));
        message.setContent(alternative);
        message.saveChanges();
        return new ComposedMessage(item, message, messageId, null);
    }

    private Segment renderSegment(String audienceKey) {
        List<Long> audiences = audienceKey == null || audienceKey.isBlank() ? edition.offeredAudiences()
                : Arrays.stream(audienceKey.split(",")).map(Long::valueOf).toList();
        RenderedDigest digest = renderer.render(snapshot, audiences, DigestRenderer.PLACEHOLDERS);
        return new Segment(digest.subject(), digest.storyCount(), Template.of(digest.text()), Template.of(digest.html()));
    }

    private static InternetAddress sender(NewsletterList list) throws MessagingException {
        try {
            return new InternetAddress(list.senderEmail(), list.senderName(), StandardCharsets.UTF_8.name());
        } catch (java.io.UnsupportedEncodingException impossible) {
            throw new MessagingException("UTF-8 unsupported", impossible);
        }
    }

    /** A part whose body is already-encoded 8bit UTF-8, written to the wire as is. */
    private static MimeBodyPart part(String contentType, byte[] body) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        headers.setHeader("Content-Type", contentType);
        headers.setHeader("Content-Transfer-Encoding", "8bit");
        return new MimeBodyPart(headers, body);
    }

    private record Segment(String subject, int storyCount, Template text, Template html) {
    }

    /** A rendered body cut at its placeholders into ready UTF-8 fragments. */
    private record Template(List<byte[]> fragments, List<String> placeholders, int size) {

        static Template of(String rendered) {
            List<byte[]> fragments = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int from = 0;
            while (true) {
                int next = -1;
                String found = null;
                for (String p : List.of(NAME, UNSUBSCRIBE, PREFERENCES)) {
                    int at = rendered.indexOf(p, from);
                    if (at >= 0 && (next < 0 || at < next)) {
                        next = at;
                        found = p;
                    }
                }
                if (next < 0) {
                    fragments.add(rendered.substring(from).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
                    break;
                }
                fragments.add(rendered.substring(from, next).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
                names.add(found);
                from = next + found.length();
            }
            return new Template(List.copyOf(fragments), List.copyOf(names),
                    fragments.stream().mapToInt(f -> f.length).sum());
        }

        byte[] splice(Map<String, String> values, boolean html) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(size + 512);
            for (int i = 0; i < fragments.size(); i++) {
                out.writeBytes(fragments.get(i));
                if (i < placeholders.size()) {
                    String value = values.get(placeholders.get(i));
                    out.writeBytes((html ? HtmlUtils.htmlEscape(value, "UTF-8") : value).getBytes(StandardCharsets.UTF_8));
                }
            }
            return out.toByteArray();
        }
    }

    /** Keeps our deterministic Message-ID instead of the random one Jakarta Mail would set on save. */
    private static final class DigestMimeMessage extends MimeMessage {

        private final String messageId;

        DigestMimeMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
