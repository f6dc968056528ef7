package app.recap.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.ingest.newsletter.NewsletterReader;
import app.recap.ingest.newsletter.SenderCheck;
import app.recap.lock.NodeLocks;
import app.recap.mailbox.InboundMail;
import app.recap.mailbox.MailboxReader;
import app.recap.mailbox.MailboxSettings;
import app.recap.story.StoryRepository;

/**
 * Newsletter sources, for the REST API and the admin UI alike, and the reading of their mailbox
 * ({@code recap.newsletters.mailbox.*}) on a schedule, one node at a time, through the {@link MailboxReader} the
 * bounce mailbox uses too. Each message goes to the source whose address it was sent to; its sender must be one the
 * source names, authenticated where the receiving server recorded results ({@link SenderCheck}); the issue becomes
 * stories ({@link NewsletterReader}), cleaned and stored like a feed's items. A refused message is recorded on its
 * source; a message for no source's address is reported in the poll. Both are taken out of the mailbox like read
 * issues, so they are reported once; reading an issue twice (after a crash) only adds nothing, since stories are
 * keyed by URL.
 */
@Service
public class Newsletters {

    private static final Logger log = LoggerFactory.getLogger(Newsletters.class);
    private static final String LOCK = "newsletter-mailbox";
    private static final Pattern ADDRESS = Pattern.compile("[^\\s@<>()\",;:]+@[a-z0-9-]+(\\.[a-z0-9-]+)+");
    private static final Pattern SENDER = Pattern.compile("[^\\s@<>()\",;:]*@?[a-z0-9-]+(\\.[a-z0-9-]+)+");

    /**
     * What one read of the newsletter mailbox did.
     *
     * @param issues    issues accepted and read
     * @param stories   stories stored for the first time from them
     * @param refused   messages refused because of their sender
     * @param unrouted  messages sent to no source's address: their recipients and subject
     * @param failures  messages kept in the mailbox because they failed, and why
     * @param error     why the mailbox could not be read, or null
     */
    public record MailboxRun(Instant at, int read, int issues, int stories, int refused, List<String> unrouted,
            List<String> failures, String error) {
    }

    /**
     * The outcome of adding a newsletter source.
     *
     * @param created false when a source with the same address already existed; {@code source} is that one then
     */
    public record Registration(NewsletterSource source, boolean created) {
    }

    private final NewsletterSourceRepository sources;
    private final FeedSourceRepository feeds;
    private final MailboxReader reader;
    private final TrackingRedirects redirects;
    private final StoryCleaner cleaner;
    private final StoryRepository stories;
    private final AudienceRepository audiences;
    private final NodeLocks locks;
    private final NewsletterProperties properties;
    private final Clock clock;
    private volatile MailboxRun lastRun;

    Newsletters(NewsletterSourceRepository sources, FeedSourceRepository feeds, MailboxReader reader,
            TrackingRedirects redirects, StoryCleaner cleaner, StoryRepository stories, AudienceRepository audiences,
            NodeLocks locks, NewsletterProperties properties, Clock clock) {
        this.sources = sources;
        this.feeds = feeds;
        this.reader = reader;
        this.redirects = redirects;
        this.cleaner = cleaner;
        this.stories = stories;
        this.audiences = audiences;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
        if (properties.mailbox().enabled()) {
            log.info("newsletter mailbox {} every {}", properties.mailbox().describe(), properties.mailbox().interval());
        }
    }

    public List<NewsletterSource> all() {
        return sources.findAll();
    }

    public Optional<NewsletterSource> find(long id) {
        return sources.findById(id);
    }

    /** True when a newsletter mailbox is configured; without one, sources can be added but nothing arrives. */
    public boolean mailboxConfigured() {
        return properties.mailbox().enabled();
    }

    /**
     * An address to give a new source: {@code local+slug@domain} of {@code recap.newsletters.address}, which most
     * mail servers deliver to the same mailbox; null when no address is configured.
     */
    public String suggestedAddress(String name) {
        String address = properties.address();
        if (address == null || !address.contains("@") || name == null) {
            return null;
        }
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        int at = address.indexOf('@');
        return address.substring(0, at) + "+" + (slug.isEmpty() ? "newsletter" : slug) + address.substring(at);
    }

    /**
     * Adds a newsletter source.
     *
     * @param senders   From addresses or {@code @domain}s that may send its issues; at least one
     * @param authority null means 1.0
     * @throws IllegalArgumentException with a message for the admin, its field first ("address: required")
     */
    @Transactional
    public Registration add(String name, String address, List<String> senders, Double authority) {
        String checkedAddress = checkAddress(address);
        List<String> checkedSenders = checkSenders(senders);
        String checkedName = name == null ? null : FeedText.plain(name);
        if (checkedName == null || checkedName.length() > 200) {
            throw new IllegalArgumentException("name: must be some text of at most 200 characters");
        }
        double checkedAuthority = authority == null ? 1.0 : authority;
        if (Double.isNaN(checkedAuthority) || checkedAuthority < 0 || checkedAuthority > 1) {
            throw new IllegalArgumentException("authority: must be a number from 0 to 1");
        }
        Optional<NewsletterSource> existing = sources.findByAddress(checkedAddress);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        FeedSource feed = feeds.register(NewsletterSourceRepository.MAILTO + checkedAddress, checkedName,
                checkedAuthority, clock.instant());
        sources.insert(feed.id(), checkedAddress, checkedSenders);
        log.info("newsletter source {} added address={} senders={}", feed.id(), checkedAddress, checkedSenders);
        return new Registration(sources.findById(feed.id()).orElseThrow(), true);
    }

    /** Replaces who may send a source's issues; empty when there is no such source. */
    public Optional<NewsletterSource> setSenders(long id, List<String> senders) {
        List<String> checked = checkSenders(senders);
        if (sources.findById(id).isEmpty()) {
            return Optional.empty();
        }
        sources.updateSenders(id, checked);
        return sources.findById(id);
    }

    /** Null until the mailbox was first read. */
    public MailboxRun lastRun() {
        return lastRun;
    }

    @Scheduled(initialDelayString = "${recap.newsletters.mailbox.interval}",
            fixedDelayString = "${recap.newsletters.mailbox.interval}")
    void scheduled() {
        if (properties.mailbox().enabled()) {
            readMailbox();
        }
    }

    /**
     * Reads the newsletter mailbox now. Returns the previous run when another node holds the mailbox, and a run
     * with an error when no mailbox is configured or it cannot be reached; never throws for the mailbox's sake.
     */
    public MailboxRun readMailbox() {
        MailboxSettings mailbox = properties.mailbox();
        if (!mailbox.enabled()) {
            return new MailboxRun(clock.instant(), 0, 0, 0, 0, List.of(), List.of(),
                    "no newsletter mailbox is configured (recap.newsletters.mailbox.*)");
        }
        Optional<SimpleLock> lock = locks.tryLock(LOCK);
        if (lock.isEmpty()) {
            log.info("newsletter mailbox is being read by another node");
            return lastRun;
        }
        try {
            int[] counts = new int[3];
            List<String> unrouted = new ArrayList<>();
            MailboxReader.Poll poll = reader.read("newsletter", mailbox, raw -> take(raw, counts, unrouted));
            lastRun = new MailboxRun(poll.at(), poll.read(), counts[0], counts[1], counts[2], List.copyOf(unrouted),
                    poll.failures(), poll.error());
            log.info("newsletter mailbox read={} issues={} stories={} refused={} unrouted={} failed={}", poll.read(),
                    counts[0], counts[1], counts[2], unrouted.size(), poll.failed());
            return lastRun;
        } finally {
            lock.get().unlock();
        }
    }

    /** One message: counts[0] issues, counts[1] new stories, counts[2] refused. */
    private void take(byte[] raw, int[] counts, List<String> unrouted) {
        InboundMail mail = InboundMail.parse(raw);
        Instant now = clock.instant();
        Optional<NewsletterSource> routed = route(mail);
        if (routed.isEmpty()) {
            String line = "to " + String.join(", ", mail.recipients()) + " from " + mail.fromAddress() + ": \""
                    + mail.subject() + "\"";
            unrouted.add(line);
            log.warn("newsletter mailbox message {} is for no source's address ({})", mail.messageId(), line);
            return;
        }
        NewsletterSource source = routed.get();
        SenderCheck.Verdict verdict = SenderCheck.check(mail, source.senders(), properties.trustedAuthservIds());
        if (!verdict.accepted()) {
            String reason = verdict.reason() + " (\"" + mail.subject() + "\", " + mail.messageId() + ")";
            sources.recordRefusal(source.id(), now, reason);
            counts[2]++;
            log.warn("newsletter source {} refused message {}: {}", source.id(), mail.messageId(), verdict.reason());
            return;
        }
        if (!source.feed().enabled()) {
            log.info("newsletter source {} is disabled; issue {} not read", source.id(), mail.messageId());
            return;
        }
        NewsletterReader.Reading reading = NewsletterReader.read(mail.html(), mail.text(), mail.subject(),
                mail.date(), link -> redirects.resolve(link).orElse(null), properties.trackingHosts());
        FetchReport report = store(source.feed(), reading, now, verdict.reason());
        feeds.recordSuccess(source.id(), now, report, null, null, null);
        sources.recordIssue(source.id(), now, mail.subject());
        counts[0]++;
        counts[1] += report.newStories();
        log.info("newsletter source {} issue {} kind={} items={} new={} skipped={}{}", source.id(), mail.messageId(),
                reading.kind(), report.itemsSeen(), report.newStories(), report.skippedItems(),
                report.warning() == null ? "" : " warning=\"" + report.warning() + "\"");
    }

    /** The source whose address the message was sent to (To, Cc, Delivered-To, X-Original-To, Envelope-To). */
    private Optional<NewsletterSource> route(InboundMail mail) {
        for (String recipient : mail.recipients()) {
            Optional<NewsletterSource> source = sources.findByAddress(recipient);
            if (source.isPresent()) {
                return source;
            }
        }
        return Optional.empty();
    }

    private FetchReport store(FeedSource feed, NewsletterReader.Reading reading, Instant now, String note) {
        List<Audience> catalogue = audiences.findAll();
        List<String> warnings = new ArrayList<>(reading.warnings());
        if (note != null) {
            warnings.add(note);
        }
        var items = reading.items();
        if (items.size() > properties.maxLinksPerIssue()) {
            warnings.add("only the first " + properties.maxLinksPerIssue() + " of " + items.size()
                    + " links were read (recap.newsletters.max-links-per-issue)");
            items = items.subList(0, properties.maxLinksPerIssue());
        }
        int created = 0;
        int skipped = 0;
        for (var item : items) {
            StoryCleaner.Cleaned cleaned = cleaner.clean(new StoryCleaner.RawStory(item.link(), item.guid(), null,
                    item.title(), item.description(), feed.name(), feed.id(), item.publishedAt(), null, null, null,
                    null, null, null), now, catalogue);
            if (cleaned.story() == null) {
                skipped++;
                continue;
            }
            if (stories.save(cleaned.story(), now).created()) {
                created++;
            }
        }
        if (skipped > 0) {
            warnings.add(skipped + " of " + items.size() + " items skipped (no http(s) link or no text)");
        }
        return new FetchReport(feed.id(), null, reading.items().size(), created, skipped, 0,
                warnings.isEmpty() ? null : String.join("; ", warnings), null);
    }

    private static String checkAddress(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("address: required");
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        if (a.length() > 320 || !ADDRESS.matcher(a).matches()) {
            throw new IllegalArgumentException("address: must be an email address such as news+ai@recap.example");
        }
        return a;
    }

    private static List<String> checkSenders(List<String> senders) {
        LinkedHashSet<String> checked = new LinkedHashSet<>();
        for (String sender : senders == null ? List.<String>of() : senders) {
            for (String part : sender.split("[\\s,;]+")) {
                String s = part.strip().toLowerCase(Locale.ROOT);
                if (s.isEmpty()) {
                    continue;
                }
                if (!SENDER.matcher(s).matches() || s.length() > 320) {
                    throw new IllegalArgumentException("senders: \"" + part.strip() + "\" is neither an address "
                            + "(news@example.com) nor a domain (@example.com)");
                }
                checked.add(s);
            }
        }
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("senders: name at least one address or @domain that sends this "
                    + "newsletter");
        }
        if (String.join("\n", checked).length() > 4000) {
            throw new IllegalArgumentException("senders: too many (at most 4000 characters in all)");
        }
        return List.copyOf(checked);
    }
}
