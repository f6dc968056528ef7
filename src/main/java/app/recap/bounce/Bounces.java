package app.recap.bounce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import app.recap.delivery.DeliveryRefused;
import app.recap.delivery.DeliveryRepository;
import app.recap.delivery.DeliveryStatus;
import app.recap.preferences.ReturnPathTokens;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriberSuppression;
import app.recap.subscriber.Suppressions;

/**
 * What a bounce does, whichever way it came in. Each event is logged once (its key: the bounce's Message-ID, or a
 * digest of its bytes, and the recipient's place in it; {@code smtp:<delivery>} for a refusal while sending); only
 * a new event has effects: the delivery it answers is marked BOUNCED or COMPLAINED; a hard bounce suppresses the
 * address at {@code recap.bounces.hard-limit}, soft bounces at {@code soft-limit} within {@code soft-window}; a
 * complaint unsubscribes from that list and suppresses at once; an auto-reply is logged only.
 */
@Service
public class Bounces {

    private static final Logger log = LoggerFactory.getLogger(Bounces.class);
    static final String ACTOR = "bounces";

    /**
     * The answer to one incoming message.
     *
     * @param applied whether anything was stored or changed (false for a dry run and for a message seen before)
     */
    public record Outcome(boolean bounce, List<BounceEvent> events, boolean applied) {
    }

    private final BounceClassifier classifier;
    private final BounceLog bounceLog;
    private final DeliveryRepository deliveries;
    private final SubscriberRepository subscribers;
    private final SubscriberSuppression suppression;
    private final Suppressions suppressions;
    private final ReturnPathTokens tokens;
    private final BounceProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Bounces(BounceClassifier classifier, BounceLog bounceLog, DeliveryRepository deliveries,
            SubscriberRepository subscribers, SubscriberSuppression suppression, Suppressions suppressions,
            ReturnPathTokens tokens, BounceProperties properties,
            PlatformTransactionManager transactions, Clock clock) {
        this.classifier = classifier;
        this.bounceLog = bounceLog;
        this.deliveries = deliveries;
        this.subscribers = subscribers;
        this.suppression = suppression;
        this.suppressions = suppressions;
        this.tokens = tokens;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Reads one raw RFC 5322 message and, unless {@code dryRun}, applies what it says.
     *
     * @throws MessagingException when the bytes are not a message
     */
    public Outcome process(byte[] raw, BounceSource source, boolean dryRun) throws MessagingException {
        MimeMessage message;
        try {
            message = classifier.parse(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            throw new MessagingException("unreadable message", e);
        }
        BounceReport report = classifier.read(message, lookup());
        List<BounceEvent> events = report.events().stream().map(this::withSubscriber).toList();
        if (dryRun || events.isEmpty()) {
            return new Outcome(report.bounce(), events, false);
        }
        String key = report.messageId() != null ? "msg:" + report.messageId().strip() : "sha256:" + sha256(raw);
        Instant now = clock.instant();
        boolean applied = Boolean.TRUE.equals(transaction.execute(tx -> {
            boolean any = false;
            for (int i = 0; i < events.size(); i++) {
                any |= apply(key + "#" + i, source, events.get(i), true, now);
            }
            return any;
        }));
        return new Outcome(report.bounce(), events, applied);
    }

    /**
     * One event a provider reported through its webhook, already classified by the provider.
     *
     * @param eventId    the provider's own id for the event, unique within its source: the event is applied once
     * @param recipient  the address it is about; events without one are logged without effect
     * @param status     enhanced status code, may be null
     * @param diagnostic the receiving server's words as the provider passes them on, may be null
     * @param reason     a few words for the bounce log when the diagnostic names no better one; not null
     * @param messageId  the Message-ID of the message it answers as the provider echoes it (with or without angle
     *                   brackets), may be null; ours name their delivery
     */
    public record Reported(String eventId, String recipient, BounceType type, String status, String diagnostic,
            String reason, String messageId) {
    }

    /**
     * Applies events a provider reported, each stored once under {@code <source>:<event id>}: one seen before changes
     * nothing. The type is the provider's; the classifier only words the reason from a diagnostic with a status
     * code, and only when it reads the same type into it. Joins the caller's transaction when there is one.
     *
     * @return the events with the delivery and subscriber they were tied to; {@code applied} when any was new
     */
    public Outcome applyReported(BounceSource source, List<Reported> reported) {
        Instant now = clock.instant();
        List<BounceEvent> events = reported.stream().map(this::event).toList();
        boolean applied = Boolean.TRUE.equals(transaction.execute(tx -> {
            boolean any = false;
            for (int i = 0; i < events.size(); i++) {
                any |= apply(source.label() + ":" + reported.get(i).eventId(), source, events.get(i), true, now);
            }
            return any;
        }));
        return new Outcome(events.stream().anyMatch(e -> e.type().isBounce()), events, applied);
    }

    private BounceEvent event(Reported r) {
        Optional<DeliveryRepository.Recipient> delivery = deliveries.findByMessageId(r.messageId());
        String recipient = delivery.map(DeliveryRepository.Recipient::email)
                .orElse(r.recipient() == null ? null : SubscriberRepository.normaliseEmail(r.recipient()));
        String reason = r.reason();
        String status = r.status();
        if (r.diagnostic() != null && r.type() != BounceType.COMPLAINT) {
            Verdict verdict = DiagnosticRules.classify(0, r.status(), r.diagnostic());
            // only a diagnostic with a status says enough to word it better than the provider's own type
            if (verdict.type() == r.type() && verdict.reason() != null && verdict.status() != null) {
                reason = verdict.reason();
            }
            status = status != null ? status : verdict.status();
        }
        return withSubscriber(new BounceEvent(recipient, r.type(), status, reason,
                r.diagnostic() == null || r.diagnostic().length() <= 1000 ? r.diagnostic()
                        : r.diagnostic().substring(0, 1000),
                delivery.map(DeliveryRepository.Recipient::deliveryId).orElse(null),
                delivery.map(DeliveryRepository.Recipient::subscriberId).orElse(null)));
    }

    /**
     * A permanent refusal during sending, through the same classifier. Runs inside the transaction that records
     * the delivery's outcome ({@link DeliveryRepository#recordNow}), so both commit together.
     */
    @EventListener
    void on(DeliveryRefused refused) {
        Verdict verdict = classifier.classifyReply(refused.replyCode(), refused.replyText());
        String text = refused.replyText() == null ? "" : refused.replyText();
        String diagnostic = text.startsWith(String.valueOf(refused.replyCode())) ? text
                : refused.replyCode() + " " + text;
        BounceEvent event = new BounceEvent(SubscriberRepository.normaliseEmail(refused.email()), verdict.type(),
                verdict.status(), verdict.reason(), diagnostic, refused.deliveryId(), refused.subscriberId());
        transaction.executeWithoutResult(tx -> apply("smtp:" + refused.deliveryId(), BounceSource.SMTP, event, false,
                refused.at()));
    }

    /** @return whether the event was new */
    private boolean apply(String key, BounceSource source, BounceEvent event, boolean markDelivery, Instant now) {
        Optional<DeliveryRepository.Recipient> delivery = event.deliveryId() == null ? Optional.empty()
                : deliveries.findRecipient(event.deliveryId());
        Long editionId = delivery.map(DeliveryRepository.Recipient::editionId).orElse(null);
        Long listId = delivery.map(DeliveryRepository.Recipient::listId).orElse(null);
        if (!bounceLog.add(key, source, event, editionId, listId, now)) {
            log.info("bounce {} seen before, ignored", key);
            return false;
        }
        log.info("bounce {} source={} type={} recipient={} status={} reason=\"{}\" delivery={} subscriber={}", key,
                source.label(), event.type().label(), event.recipient(), event.status(), event.reason(),
                event.deliveryId(), event.subscriberId());
        if (markDelivery && event.deliveryId() != null && event.type() != BounceType.AUTO_REPLY) {
            deliveries.markAnswered(event.deliveryId(),
                    event.type() == BounceType.COMPLAINT ? DeliveryStatus.COMPLAINED : DeliveryStatus.BOUNCED,
                    event.type().label() + ": " + (event.diagnostic() != null ? event.diagnostic() : event.reason()));
        }
        if (event.subscriberId() == null || event.recipient() == null) {
            return true;
        }
        long subscriberId = event.subscriberId();
        switch (event.type()) {
            case HARD -> suppression.recordHardBounce(subscriberId,
                    "hard bounce: " + event.reason() + status(event) + diagnostic(event), properties.hardLimit());
            case SOFT -> {
                long soft = bounceLog.count(subscriberId, BounceType.SOFT, now.minus(properties.softWindow()));
                if (soft >= properties.softLimit()) {
                    suppression.suppressAfterBounce(subscriberId, soft + " soft bounces within "
                            + properties.softWindow().toDays() + " days, last: " + event.reason() + status(event)
                            + diagnostic(event));
                }
            }
            case COMPLAINT -> {
                if (listId != null) {
                    suppression.unsubscribeAfterComplaint(subscriberId, listId, "complaint", ACTOR, now);
                } else {
                    // no list known: the suppression list still stops every list's mail
                    suppressions.add(event.recipient(), "complaint", ACTOR, now);
                }
            }
            case AUTO_REPLY -> {
                // logged only
            }
        }
        return true;
    }

    private static String status(BounceEvent event) {
        return event.status() == null ? "" : " (" + event.status() + ")";
    }

    private static String diagnostic(BounceEvent event) {
        return event.diagnostic() == null ? "" : ": " + event.diagnostic();
    }

    /** Ties an event whose delivery is unknown to the subscriber of its address, if there is one. */
    private BounceEvent withSubscriber(BounceEvent e) {
        if (e.subscriberId() != null || e.recipient() == null) {
            return e;
        }
        return subscribers.findByEmail(e.recipient())
                .map(s -> new BounceEvent(e.recipient(), e.type(), e.status(), e.reason(), e.diagnostic(),
                        e.deliveryId(), s.id()))
                .orElse(e);
    }

    private RecipientLookup lookup() {
        return new RecipientLookup() {
            @Override
            public Optional<Found> byVerpToken(String token) {
                var id = tokens.verify(token);
                return id.isEmpty() ? Optional.empty() : deliveries.findRecipient(id.getAsLong()).map(Bounces::found);
            }

            @Override
            public Optional<Found> byMessageId(String messageId) {
                return deliveries.findByMessageId(messageId).map(Bounces::found);
            }
        };
    }

    private static RecipientLookup.Found found(DeliveryRepository.Recipient r) {
        return new RecipientLookup.Found(r.email(), r.deliveryId(), r.subscriberId());
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Bounces and complaints heard for one edition, by type ({@code hard}, {@code soft}, ...). */
    public java.util.Map<String, Long> editionCounts(long editionId) {
        java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
        deliveries.counts(editionId).forEach((status, n) -> counts.put(status.name().toLowerCase(java.util.Locale.ROOT), n));
        bounceLog.countsByEdition(editionId).forEach((type, n) -> counts.put(type.label(), n));
        return counts;
    }

    /**
     * A list's rates over the last {@code days}, against the lines mailbox providers judge bulk senders by: Gmail
     * and Yahoo want complaints under 0.3% of delivered mail; bounces above about 2% mark a list as poorly kept.
     *
     * @param delivered messages the relay accepted in the window
     */
    public record ListRates(long listId, int days, long delivered, long hardBounces, long softBounces, long complaints,
            double bounceRate, double complaintRate, double bounceLine, double complaintLine, boolean bounceRateOver,
            boolean complaintRateOver) {
    }

    public ListRates listRates(long listId, int days) {
        Instant since = clock.instant().minus(java.time.Duration.ofDays(days));
        long delivered = deliveries.countAccepted(listId, since);
        var counts = bounceLog.countsByList(listId, since);
        long hard = counts.get(BounceType.HARD);
        long soft = counts.get(BounceType.SOFT);
        long complaints = counts.get(BounceType.COMPLAINT);
        double bounceRate = delivered == 0 ? 0 : (double) (hard + soft) / delivered;
        double complaintRate = delivered == 0 ? 0 : (double) complaints / delivered;
        return new ListRates(listId, days, delivered, hard, soft, complaints, bounceRate, complaintRate, BOUNCE_LINE,
                COMPLAINT_LINE, bounceRate >= BOUNCE_LINE, complaintRate >= COMPLAINT_LINE);
    }

    static final double BOUNCE_LINE = 0.02;
    static final double COMPLAINT_LINE = 0.003;

    /**
     * The bounce log, newest first, a page at a time: pass the last id of a page as {@code beforeId} for the next
     * (null for the first). Every filter may be null.
     */
    public List<LoggedBounce> list(BounceType type, Long listId, Long editionId, Long subscriberId, Long beforeId,
            int size) {
        return new ArrayList<>(bounceLog.list(type, listId, editionId, subscriberId, beforeId, size));
    }

    /**
     * One edition's rates: bounces and complaints heard for it over the messages the relay accepted for it, the
     * per-edition points of a list's chart against the same lines as {@link ListRates}.
     *
     * @param delivered the edition's deliveries the relay accepted (SENT, BOUNCED or COMPLAINED)
     */
    public record EditionRates(long editionId, long delivered, long hardBounces, long softBounces, long complaints,
            double bounceRate, double complaintRate) {

        public boolean bounceRateOver() {
            return delivered > 0 && bounceRate >= BOUNCE_LINE;
        }

        public boolean complaintRateOver() {
            return delivered > 0 && complaintRate >= COMPLAINT_LINE;
        }
    }

    public EditionRates editionRates(long editionId) {
        var status = deliveries.counts(editionId);
        long delivered = status.get(DeliveryStatus.SENT) + status.get(DeliveryStatus.BOUNCED)
                + status.get(DeliveryStatus.COMPLAINED);
        var counts = bounceLog.countsByEdition(editionId);
        long hard = counts.get(BounceType.HARD);
        long soft = counts.get(BounceType.SOFT);
        long complaints = counts.get(BounceType.COMPLAINT);
        return new EditionRates(editionId, delivered, hard, soft, complaints,
                delivered == 0 ? 0 : (double) (hard + soft) / delivered,
                delivered == 0 ? 0 : (double) complaints / delivered);
    }

    /** The bounce rate (hard plus soft over delivered) above which a list counts as poorly kept: 2%. */
    public static double bounceLine() {
        return BOUNCE_LINE;
    }

    /** The complaint rate Gmail and Yahoo want bulk senders to stay under: 0.3%. */
    public static double complaintLine() {
        return COMPLAINT_LINE;
    }
}
