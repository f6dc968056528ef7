package app.recap.admin.lists;

import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.subscriber.ListEditor;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/** Newsletter lists over REST. Reading is open to editors; changes need ADMIN. */
@AdminApi("/api/lists")
@Tag(name = "Lists")
class ListsApiController {

    private final ListRepository lists;
    private final ListEditor editor;
    private final ListAdministration administration;

    ListsApiController(ListRepository lists, ListEditor editor, ListAdministration administration) {
        this.lists = lists;
        this.editor = editor;
        this.administration = administration;
    }

    @GetMapping
    @Operation(summary = "All lists, archived ones included")
    List<ListView> all() {
        return lists.findAll().stream().map(this::view).toList();
    }

    @GetMapping("/{slug}")
    ListView one(@PathVariable String slug) {
        return view(administration.get(slug));
    }

    @PostMapping
    @Operation(summary = "Create a list")
    ResponseEntity<ListView> create(@Valid @RequestBody ListForm form) {
        NewsletterList list = administration.create(form);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{slug}")
                .buildAndExpand(list.slug()).toUri()).body(view(list));
    }

    @PutMapping("/{slug}")
    @Operation(summary = "Replace a list's settings (its slug stays)")
    ListView update(@PathVariable String slug, @Valid @RequestBody ListForm form) {
        return view(administration.update(slug, form));
    }

    @PostMapping("/{slug}/archive")
    @Operation(summary = "Archive a list: it keeps its subscribers and history but is not sent")
    ListView archive(@PathVariable String slug) {
        return view(administration.setArchived(slug, true));
    }

    @PostMapping("/{slug}/restore")
    @Operation(summary = "Bring an archived list back")
    ListView restore(@PathVariable String slug) {
        return view(administration.setArchived(slug, false));
    }

    private ListView view(NewsletterList l) {
        var counts = editor.countsByStatus(l.id());
        return new ListView(l.id(), l.slug(), l.name(), l.senderName(), l.senderEmail(), l.replyTo(),
                l.postalAddress(), l.sendDay().name(), l.sendTime().toString(), l.timeZone().getId(),
                l.locale().toLanguageTag(), l.doubleOptIn(), l.archived(), administration.offeredSlugs(l),
                l.tracking().name().toLowerCase(Locale.ROOT), l.trackOpens(), administration.defaultLength(l),
                new Counts(counts.get(SubscriptionStatus.CONFIRMED),
                        counts.get(SubscriptionStatus.UNCONFIRMED),
                        counts.get(SubscriptionStatus.UNSUBSCRIBED)));
    }

    /** A list as the API shows it. */
    record ListView(long id, String slug, String name, String senderName, String senderEmail, String replyTo,
            String postalAddress, String sendDay, String sendTime, String timeZone, String locale,
            boolean doubleOptIn, boolean archived, List<String> audiences, String tracking, boolean trackOpens,
            String defaultLength, Counts subscriptions) {
    }

    record Counts(long confirmed, long unconfirmed, long unsubscribed) {
    }
}
