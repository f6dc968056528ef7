package app.recap.admin.feeds;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.recap.ingest.FeedService;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FetchReport;
import app.recap.ingest.IngestRun;
import app.recap.ingest.IngestRuns;

/** Feeds over REST: list them with their fetch status, add one, fetch one now, run the whole ingest now. */
@RestController
@RequestMapping("/api/feeds")
class FeedsApiController {

    private final FeedService feeds;

    FeedsApiController(FeedService feeds) {
        this.feeds = feeds;
    }

    @GetMapping
    List<FeedView> all() {
        return feeds.all().stream().map(FeedView::of).toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<FeedView> one(@PathVariable long id) {
        return ResponseEntity.of(feeds.find(id).map(FeedView::of));
    }

    /** 201 with the new feed; 200 with the existing one when the URL is already registered. */
    @PostMapping
    ResponseEntity<?> add(@RequestBody NewFeed body) {
        FeedService.Registration registration;
        try {
            registration = feeds.add(body.url(), body.name(), body.authority());
        } catch (IllegalArgumentException invalid) {
            return ResponseEntity.badRequest().body(Map.of("error", invalid.getMessage()));
        }
        FeedView view = FeedView.of(registration.feed());
        return registration.created() ? ResponseEntity.created(URI.create("/api/feeds/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }

    /** Fetches now: 200 with what happened, also when the feed could not be read ({@code error} says why). */
    @PostMapping("/{id}/fetch")
    ResponseEntity<FetchResult> fetch(@PathVariable long id) {
        return ResponseEntity.of(feeds.fetchNow(id).map(FetchResult::of));
    }

    /** Runs the ingest job over every due feed now, as the schedule would; 409 while another run is going. */
    @PostMapping("/fetch")
    ResponseEntity<IngestRun> fetchAll() throws Exception {
        return ResponseEntity.status(HttpStatus.OK).body(feeds.ingestAllNow());
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

    record FeedView(long id, String url, String name, boolean enabled, double authority, Instant lastFetchedAt,
            Instant lastSuccessAt, Integer lastStatus, Integer lastItemsSeen, Integer lastNewStories,
            Integer lastSkippedItems, String lastError, String lastWarning, int consecutiveFailures,
            Instant nextFetchAt, String lastFinalUrl) {

        static FeedView of(FeedSource f) {
            return new FeedView(f.id(), f.url(), f.name(), f.enabled(), f.authority(), f.lastFetchedAt(),
                    f.lastSuccessAt(), f.lastStatus(), f.lastItemsSeen(), f.lastNewStories(), f.lastSkippedItems(),
                    f.lastError(), f.lastWarning(), f.consecutiveFailures(), f.nextFetchAt(), f.lastFinalUrl());
        }
    }

    /** 409: another ingest run, here or on another node, holds the ingest lock. */
    @ExceptionHandler(IngestRuns.AlreadyRunning.class)
    ResponseEntity<Map<String, String>> alreadyRunning(IngestRuns.AlreadyRunning e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "the body is not the JSON this endpoint expects"));
    }
}
