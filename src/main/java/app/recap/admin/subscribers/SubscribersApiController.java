package app.recap.admin.subscribers;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.admin.CsvDownload;
import app.recap.subscriber.SubscriberDirectory;
import app.recap.subscriber.SubscriberStatus;
import app.recap.subscriber.SubscriberExport;
import app.recap.subscriber.SubscriptionStatus;

/** Subscribers over REST (ADMIN only): search, add, edit, unsubscribe, erase, export. */
@AdminApi("/api/subscribers")
@Tag(name = "Subscribers")
class SubscribersApiController {

    private final SubscriberAdministration administration;
    private final SubscriberDirectory directory;
    private final SubscriberExport export;

    SubscribersApiController(SubscriberAdministration administration, SubscriberDirectory directory,
            SubscriberExport export) {
        this.administration = administration;
        this.directory = directory;
        this.export = export;
    }

    @GetMapping
    @Operation(summary = "Search subscribers", description = "Pages by key: pass the previous page's next as after, with the same sort.")
    SubscriberView.Page search(
            @Parameter(description = "any part of an address or name (with an @, of the address only)") @RequestParam(required = false) String query,
            @Parameter(description = "list slug") @RequestParam(required = false) String list,
            @Parameter(description = "CONFIRMED, UNCONFIRMED, UNSUBSCRIBED (on the list, or any), ENABLED or BLOCKLISTED")
            @RequestParam(required = false) String status,
            @Parameter(description = "audience slug") @RequestParam(required = false) String audience,
            @Parameter(description = "the previous page's next (a cursor for the same sort)") @RequestParam(required = false) String after,
            @Parameter(description = "oldest (default), newest, email, email-desc, name, name-desc")
            @RequestParam(defaultValue = "oldest") String sort,
            @RequestParam(defaultValue = "50") int size) {
        if (size < 1 || size > SubscriberDirectory.MAX_PAGE_SIZE) {
            throw AdminProblem.invalid("size", "between 1 and " + SubscriberDirectory.MAX_PAGE_SIZE);
        }
        var order = SubscriberDirectory.Order.parse(sort).orElseThrow(() -> AdminProblem.invalid("sort",
                "oldest, newest, email, email-desc, name or name-desc"));
        SubscriberDirectory.Page page;
        try {
            page = directory.search(administration.filter(query, list, status, audience), after, size, order);
        } catch (SubscriberDirectory.InvalidCursor e) {
            throw AdminProblem.invalid("after", e.getMessage());
        }
        Map<Long, String> slugs = administration.audienceSlugs();
        return new SubscriberView.Page(page.content().stream().filter(e -> e.status() != SubscriberStatus.ERASED)
                .map(e -> SubscriberView.of(e, slugs)).toList(), page.cursor());
    }

    @GetMapping("/{id}")
    SubscriberView one(@PathVariable long id) {
        return SubscriberView.of(administration.get(id), administration.audienceSlugs());
    }

    @PostMapping
    @Operation(summary = "Add an address to a list (CONFIRMED unless a status is given)")
    ResponseEntity<SubscriberView> add(@Valid @RequestBody SubscriberForm form) {
        var entry = administration.add(form);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(entry.id()).toUri()).body(SubscriberView.of(entry, administration.audienceSlugs()));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Change a subscriber's name")
    SubscriberView rename(@PathVariable long id, @Valid @RequestBody Rename body) {
        return SubscriberView.of(administration.rename(id, body.name()), administration.audienceSlugs());
    }

    @PutMapping("/{id}/lists/{list}")
    @Operation(summary = "Set the audiences (and optionally the status) of a subscription")
    SubscriberView updateSubscription(@PathVariable long id, @PathVariable String list,
            @RequestBody SubscriptionChange body) {
        return SubscriberView.of(administration.updateSubscription(id, list, body.audiences(), body.status()),
                administration.audienceSlugs());
    }

    @PostMapping("/{id}/lists/{list}/unsubscribe")
    SubscriberView unsubscribe(@PathVariable long id, @PathVariable String list) {
        return SubscriberView.of(administration.unsubscribe(id, list), administration.audienceSlugs());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Erase a subscriber's personal data (subscriptions, address, name)")
    ResponseEntity<Void> erase(@PathVariable long id) {
        administration.erase(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(value = "/export.csv", produces = "text/csv")
    @Operation(summary = "The filtered view as CSV, safe to open in a spreadsheet")
    void export(@RequestParam(required = false) String query, @RequestParam(required = false) String list,
            @RequestParam(required = false) String status, @RequestParam(required = false) String audience,
            HttpServletResponse response) throws IOException {
        var filter = administration.filter(query, list, status, audience);
        long rows = CsvDownload.sendCounted(response, "subscribers.csv", out -> export.write(filter, out));
        administration.recordExport(rows, filter);
    }

    record Rename(@Size(max = 200) String name) {
    }

    record SubscriptionChange(List<String> audiences, SubscriptionStatus status) {
    }
}
