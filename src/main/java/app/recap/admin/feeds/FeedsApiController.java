package app.recap.admin.feeds;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.ingest.FeedParseException;
import app.recap.ingest.FeedService;
import app.recap.ingest.FeedPush;
import app.recap.ingest.FeedPushes;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FetchReport;
import app.recap.ingest.IngestRun;
import app.recap.ingest.OpmlImport;

/**
 * Feeds over REST: list them with their fetch status, add one, import or export OPML, fetch one now, run the whole ingest now. A run
 * refused because another holds the ingest lock is a 409 problem ({@code app.recap.admin.ApiExceptionHandler}).
 */
@AdminApi("/api/feeds")
class FeedsApiController {

    static final MediaType OPML = new MediaType("text", "x-opml", StandardCharsets.UTF_8);

    private final FeedService feeds;
    private final FeedPushes pushes;

    FeedsApiController(FeedService feeds, FeedPushes pushes) {
        this.pushes = pushes;
        this.feeds = feeds;
    }

    @GetMapping
    List<FeedView> all() {
        return feeds.all().stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    FeedView one(@PathVariable long id) {
        return feeds.find(id).map(this::view).orElseThrow(() -> AdminProblem.notFound("feed " + id));
    }

    /** 201 with the new feed; 200 with the existing one when the URL is already registered. */
    @PostMapping
    ResponseEntity<FeedView> add(@RequestBody NewFeed body) {
        FeedService.Registration registration;
        try {
            registration = feeds.add(body.url(), body.name(), body.authority());
        } catch (IllegalArgumentException invalid) {
            throw fieldProblem(invalid.getMessage());
        }
        FeedView view = view(registration.feed());
        return registration.created() ? ResponseEntity.created(URI.create("/api/feeds/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }

    /**
     * Imports an OPML file sent as the body (any XML media type): 200 with the report of each outline, also when
     * some were refused; 400 when the file is not OPML, 413 when it is larger than the feed body limit.
     */
    @PostMapping(path = "/opml", consumes = {"text/x-opml", "text/xml", "application/xml", "application/*+xml",
            "text/*+xml"})
    OpmlImport importOpml(InputStream body) throws IOException {
        byte[] opml = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, feeds.maxOpmlBytes() + 1));
        if (opml.length > feeds.maxOpmlBytes()) {
            throw new AdminProblem(HttpStatus.PAYLOAD_TOO_LARGE, "the OPML file is larger than "
                    + feeds.maxOpmlBytes() + " bytes (recap.ingest.max-body-size)", Map.of());
        }
        try {
            return feeds.importOpml(opml);
        } catch (FeedParseException notOpml) {
            throw new AdminProblem(HttpStatus.BAD_REQUEST, notOpml.getMessage(), Map.of());
        }
    }

    /** Every feed as an OPML 2.0 file, for other readers and tools. */
    @GetMapping(path = "/opml", produces = "text/x-opml")
    ResponseEntity<String> exportOpml() {
        return ResponseEntity.ok().contentType(OPML)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recap-feeds.opml\"")
                .body(feeds.exportOpml());
    }

    /** Fetches now: 200 with what happened, also when the feed could not be read ({@code error} says why). */
    @PostMapping("/{id}/fetch")
    FetchResult fetch(@PathVariable long id) {
        return feeds.fetchNow(id).map(FetchResult::of).orElseThrow(() -> AdminProblem.notFound("feed " + id));
    }

    /** Runs the ingest job over every due feed now, as the schedule would; 409 while another run is going. */
    @PostMapping("/fetch")
    ResponseEntity<IngestRun> fetchAll() throws Exception {
        return ResponseEntity.status(HttpStatus.OK).body(feeds.ingestAllNow());
    }

    /** {@link FeedService#add} names the field first ("url: required"); the problem's errors member keys on it. */
    private static AdminProblem fieldProblem(String message) {
        int colon = message.indexOf(": ");
        if (colon < 1 || !message.substring(0, colon).matches("\\w+")) {
            return new AdminProblem(HttpStatus.BAD_REQUEST, message, Map.of());
        }
        return new AdminProblem(HttpStatus.BAD_REQUEST, message,
                Map.of(message.substring(0, colon), message.substring(colon + 2)));
    }

    record NewFeed(String url, String name, Double authority) {
    }

    record FetchResult(long feedId, Integer httpStatus, boolean notModified, int itemsSeen, int newStories,
            int skippedItems, int datesEstimated, String warning, String error) {

        static FetchResult of(FetchReport r) {
            return new FetchResult(r.feedId(), r.status(), r.notModified(), r.itemsSeen(), r.newStories(),
                    r.skippedItems(), r.datesEstimated(), r.warning(), r.error());
        }
    }

    private FeedView view(FeedSource feed) {
        return FeedView.of(feed, pushes.of(feed.id()).orElse(null));
    }

    record FeedView(long id, String url, String name, boolean enabled, double authority, Instant lastFetchedAt,
            Instant lastSuccessAt, Integer lastStatus, Integer lastItemsSeen, Integer lastNewStories,
            Integer lastSkippedItems, String lastError, String lastWarning, int consecutiveFailures,
            Instant nextFetchAt, String lastFinalUrl, String lastModelEnrichment, FeedPush push) {

        static FeedView of(FeedSource f, FeedPush push) {
            return new FeedView(f.id(), f.url(), f.name(), f.enabled(), f.authority(), f.lastFetchedAt(),
                    f.lastSuccessAt(), f.lastStatus(), f.lastItemsSeen(), f.lastNewStories(), f.lastSkippedItems(),
                    f.lastError(), f.lastWarning(), f.consecutiveFailures(), f.nextFetchAt(), f.lastFinalUrl(),
                    f.lastModelEnrichment(), push);
        }
    }
}
