package app.recap.admin.feeds;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.ingest.NewsletterSource;
import app.recap.ingest.Newsletters;

/**
 * Newsletter sources over REST: list them with what their last issues did, add one (its inbound address and who may
 * send to it), change its senders, read the newsletter mailbox now. Switching one off and its feed-side status are
 * the feed's ({@code /api/feeds/{id}}), since every newsletter source is also a feed row.
 */
@AdminApi("/api/newsletters")
class NewslettersApiController {

    private final Newsletters newsletters;

    NewslettersApiController(Newsletters newsletters) {
        this.newsletters = newsletters;
    }

    @GetMapping
    List<NewsletterView> all() {
        return newsletters.all().stream().map(NewsletterView::of).toList();
    }

    @GetMapping("/{id}")
    NewsletterView one(@PathVariable long id) {
        return newsletters.find(id).map(NewsletterView::of)
                .orElseThrow(() -> AdminProblem.notFound("newsletter source " + id));
    }

    /** 201 with the new source; 200 with the existing one when the address is already a source's. */
    @PostMapping
    ResponseEntity<NewsletterView> add(@RequestBody NewNewsletter body) {
        Newsletters.Registration registration;
        try {
            registration = newsletters.add(body.name(), body.address(), body.senders(), body.authority());
        } catch (IllegalArgumentException invalid) {
            throw fieldProblem(invalid.getMessage());
        }
        NewsletterView view = NewsletterView.of(registration.source());
        return registration.created()
                ? ResponseEntity.created(URI.create("/api/newsletters/" + view.id())).body(view)
                : ResponseEntity.ok(view);
    }

    @PutMapping("/{id}/senders")
    NewsletterView senders(@PathVariable long id, @RequestBody Senders body) {
        try {
            return newsletters.setSenders(id, body.senders()).map(NewsletterView::of)
                    .orElseThrow(() -> AdminProblem.notFound("newsletter source " + id));
        } catch (IllegalArgumentException invalid) {
            throw fieldProblem(invalid.getMessage());
        }
    }

    /** Reads the newsletter mailbox now: 200 with what it did, also when it could not be read ({@code error}). */
    @PostMapping("/read")
    Newsletters.MailboxRun read() {
        return newsletters.readMailbox();
    }

    /** The last read of the newsletter mailbox; 404 before the first. */
    @GetMapping("/mailbox")
    Newsletters.MailboxRun lastRun() {
        Newsletters.MailboxRun run = newsletters.lastRun();
        if (run == null) {
            throw AdminProblem.notFound("newsletter mailbox run (none yet)");
        }
        return run;
    }

    private static AdminProblem fieldProblem(String message) {
        int colon = message.indexOf(": ");
        if (colon < 1 || !message.substring(0, colon).matches("\\w+")) {
            return new AdminProblem(HttpStatus.BAD_REQUEST, message, Map.of());
        }
        return new AdminProblem(HttpStatus.BAD_REQUEST, message,
                Map.of(message.substring(0, colon), message.substring(colon + 2)));
    }

    record NewNewsletter(String name, String address, List<String> senders, Double authority) {
    }

    record Senders(List<String> senders) {
    }

    record NewsletterView(long id, String name, String address, List<String> senders, boolean enabled,
            double authority, Instant lastIssueAt, String lastSubject, Integer lastItemsSeen, Integer lastNewStories,
            String lastWarning, Instant lastRefusedAt, String lastRefused, int refusedCount) {

        static NewsletterView of(NewsletterSource n) {
            return new NewsletterView(n.id(), n.feed().name(), n.address(), n.senders(), n.feed().enabled(),
                    n.feed().authority(), n.lastIssueAt(), n.lastSubject(), n.feed().lastItemsSeen(),
                    n.feed().lastNewStories(), n.feed().lastWarning(), n.lastRefusedAt(), n.lastRefused(),
                    n.refusedCount());
        }
    }
}
