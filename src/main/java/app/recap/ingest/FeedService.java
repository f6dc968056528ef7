package app.recap.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * What admins do with feeds, for the REST API and the admin UI alike: list them with their fetch status, add
 * one, fetch one now, switch scheduled fetching on and off, run the whole ingest now.
 */
@Service
public class FeedService {

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
    private final Clock clock;

    FeedService(FeedSourceRepository feeds, FeedIngester ingester, IngestRuns runs, Clock clock) {
        this.feeds = feeds;
        this.ingester = ingester;
        this.runs = runs;
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

    /** Fetches the feed now, back-off or not; empty when there is no such feed. Never throws for a bad feed. */
    public Optional<FetchReport> fetchNow(long id) {
        return feeds.findById(id).map(ingester::ingest);
    }

    /** Turns scheduled fetching of a feed on or off; false when there is no such feed. */
    public boolean setEnabled(long id, boolean enabled) {
        return feeds.setEnabled(id, enabled);
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
