package app.recap.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.recap.ingest.rome.Opml;
import app.recap.story.StoryRepository;

/**
 * What admins do with feeds, for the REST API and the admin UI alike: list them with their fetch status, add
 * one, import and export OPML, fetch one now, switch scheduled fetching on and off, run the whole ingest now.
 */
@Service
public class FeedService {

    private static final Logger log = LoggerFactory.getLogger(FeedService.class);

    /**
     * The outcome of adding a feed.
     *
     * @param created false when a feed with the same URL already existed; {@code feed} is that one then
     */
    public record Registration(FeedSource feed, boolean created) {
    }

    private final FeedSourceRepository feeds;
    private final FeedIngester ingester;
    private final IngestRuns runs;
    private final AddressGuard guard;
    private final IngestProperties properties;
    private final Clock clock;
    private final StoryRepository stories;
    private final ApplicationEventPublisher events;

    FeedService(FeedSourceRepository feeds, FeedIngester ingester, IngestRuns runs, AddressGuard guard,
            IngestProperties properties, Clock clock, StoryRepository stories, ApplicationEventPublisher events) {
        this.events = events;
        this.stories = stories;
        this.feeds = feeds;
        this.ingester = ingester;
        this.runs = runs;
        this.guard = guard;
        this.properties = properties;
        this.clock = clock;
    }

    public List<FeedSource> all() {
        return feeds.findAll();
    }

    public Optional<FeedSource> find(long id) {
        return feeds.findById(id);
    }

    /**
     * Adds a feed. Only the URL's form is checked here; whether the host may be fetched (the request-forgery
     * guard) and whether a feed lives there is what the first fetch finds out and records.
     *
     * @param name      null or blank names the feed after its host
     * @param authority null means 1.0
     * @throws IllegalArgumentException with a message for the admin when the URL, name or authority is not usable
     */
    public Registration add(String url, String name, Double authority) {
        String checkedUrl = checkUrl(url);
        String checkedName = name == null || name.isBlank() ? URI.create(checkedUrl).getHost()
                : FeedText.plain(name);
        if (checkedName == null || checkedName.length() > 200) {
            throw new IllegalArgumentException("name: must be some text of at most 200 characters");
        }
        double checkedAuthority = authority == null ? 1.0 : authority;
        if (Double.isNaN(checkedAuthority) || checkedAuthority < 0 || checkedAuthority > 1) {
            throw new IllegalArgumentException("authority: must be a number from 0 to 1");
        }
        Optional<FeedSource> existing = feeds.findByUrl(checkedUrl);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        FeedSource feed = feeds.register(checkedUrl, checkedName, checkedAuthority, clock.instant());
        return new Registration(feed, true);
    }

    /** The largest OPML file {@link #importOpml} takes: {@code recap.ingest.max-body-size}, as for a feed. */
    public long maxOpmlBytes() {
        return properties.maxBodySize().toBytes();
    }

    /**
     * Adds every feed an OPML file lists, each once: a URL already registered (or earlier in the file) is kept as
     * it is, folders are flattened (feeds carry no tags to keep them as), and an outline is refused, with the reason,
     * when it names no usable URL or a host the request-forgery guard refuses. A host that does not resolve now is
     * added; its first fetch records the error, as for a feed added by hand.
     *
     * @throws FeedParseException when the file is not OPML, is larger than {@link #maxOpmlBytes()} or trips the XML
     *                            parser's limits; nothing is added then
     */
    public OpmlImport importOpml(byte[] opml) throws FeedParseException {
        if (opml.length > maxOpmlBytes()) {
            throw new FeedParseException("the file is larger than " + properties.maxBodySize()
                    + " (recap.ingest.max-body-size)");
        }
        List<Opml.Outline> outlines = Opml.read(opml);
        List<OpmlImport.OutlineResult> results = new ArrayList<>();
        for (int i = 0; i < outlines.size(); i++) {
            Opml.Outline outline = outlines.get(i);
            String refused = outline.problem() != null ? outline.problem() : outline.url() == null ? "no xmlUrl" : null;
            Registration registration = null;
            if (refused == null) {
                try {
                    checkUrl(outline.url());
                    guard.check(URI.create(outline.url().strip()));
                } catch (IllegalArgumentException invalid) {
                    refused = invalid.getMessage();
                } catch (FeedParseException unreachable) {
                    // only the forgery guard's verdict refuses; a name that does not resolve today may tomorrow
                    refused = unreachable.getMessage().startsWith("refused") ? unreachable.getMessage() : null;
                }
            }
            if (refused == null) {
                String name = outline.title() == null ? null : outline.title().length() > 200
                        ? outline.title().substring(0, 200) : outline.title();
                try {
                    registration = add(outline.url(), name, null);
                } catch (IllegalArgumentException invalid) {
                    try {
                        registration = add(outline.url(), null, null);
                    } catch (IllegalArgumentException stillInvalid) {
                        refused = stillInvalid.getMessage();
                    }
                }
            }
            OpmlImport.Outcome outcome = registration == null ? OpmlImport.Outcome.REFUSED
                    : registration.created() ? OpmlImport.Outcome.ADDED : OpmlImport.Outcome.KEPT;
            results.add(new OpmlImport.OutlineResult(i, outline.title(), outline.url(), outline.folder(), outcome,
                    registration == null ? null : registration.feed().id(), refused));
        }
        OpmlImport report = new OpmlImport(results);
        log.info("opml import outlines={} added={} kept={} refused={}", results.size(), report.added(),
                report.kept(), report.refused());
        return report;
    }

    /** Every feed, enabled or not, as an OPML 2.0 document; newsletter sources have no feed URL and are left out. */
    public String exportOpml() {
        return Opml.write("Recap feeds", feeds.findAll().stream()
                .filter(f -> !f.url().startsWith(NewsletterSourceRepository.MAILTO))
                .map(f -> new Opml.Subscription(f.name(), f.url())).toList(), clock.instant());
    }

    /** Fetches the feed now, back-off or not; empty when there is no such feed. Never throws for a bad feed. */
    public Optional<FetchReport> fetchNow(long id) {
        return feeds.findById(id).map(ingester::ingest);
    }

    /** Turns scheduled fetching of a feed on or off; false when there is no such feed. */
    public boolean setEnabled(long id, boolean enabled) {
        boolean found = feeds.setEnabled(id, enabled);
        if (found && !enabled) {
            events.publishEvent(new FeedStopped(id));
        }
        return found;
    }

    /**
     * Changes a feed's address, name and authority; a new address starts afresh (no cached validator, no
     * back-off). Empty when there is no such feed.
     *
     * @throws IllegalArgumentException as {@link #add}, or when another feed has the address
     */
    @Transactional
    public Optional<FeedSource> update(long id, String url, String name, Double authority) {
        Optional<FeedSource> found = feeds.findById(id);
        if (found.isEmpty()) {
            return found;
        }
        boolean newsletter = found.get().url().startsWith("mailto:");
        if (newsletter && url != null && !url.isBlank() && !url.equals(found.get().url())) {
            // its address is where the mailbox routes issues to; it is not a URL to fetch
            throw new IllegalArgumentException("url: a newsletter source keeps its inbound address");
        }
        String checkedUrl = newsletter ? found.get().url() : checkUrl(url);
        String checkedName = name == null || name.isBlank() ? found.get().name() : FeedText.plain(name);
        if (checkedName == null || checkedName.length() > 200) {
            throw new IllegalArgumentException("name: must be some text of at most 200 characters");
        }
        double checkedAuthority = authority == null ? found.get().authority() : authority;
        if (Double.isNaN(checkedAuthority) || checkedAuthority < 0 || checkedAuthority > 1) {
            throw new IllegalArgumentException("authority: must be a number from 0 to 1");
        }
        Optional<FeedSource> other = feeds.findByUrl(checkedUrl).filter(f -> f.id() != id);
        if (other.isPresent()) {
            throw new IllegalArgumentException("url: another feed (" + other.get().name() + ") has this address");
        }
        feeds.update(id, checkedUrl, checkedName, checkedAuthority, !checkedUrl.equals(found.get().url()));
        return feeds.findById(id);
    }

    /**
     * Removes a feed: it is not fetched again; the stories it brought stay (they no longer name a feed). False
     * when there is no such feed.
     */
    @Transactional
    public boolean remove(long id) {
        if (feeds.findById(id).isEmpty()) {
            return false;
        }
        stories.forgetFeed(id);
        feeds.delete(id);
        events.publishEvent(new FeedStopped(id));
        log.info("feed removed id={}", id);
        return true;
    }

    /** Runs the ingest job now over every due feed, in the calling thread. */
    public IngestRun ingestAllNow() throws Exception {
        return runs.run();
    }

    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("url: required");
        }
        String stripped = url.strip();
        if (stripped.length() > 2000) {
            throw new IllegalArgumentException("url: at most 2000 characters");
        }
        URI uri;
        try {
            uri = new URI(stripped);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url: not a valid URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url: must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException("url: has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url: must not carry a user name or password");
        }
        return stripped;
    }
}
