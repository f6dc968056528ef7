package app.recap.admin.feeds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.ingest.FeedIngester;
import app.recap.ingest.FeedParseException;
import app.recap.ingest.FeedService;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.ingest.FeedSwitch;
import app.recap.ingest.FetchReport;
import app.recap.ingest.Newsletters;
import app.recap.ingest.OpmlImport;

/**
 * Feeds screen (ADMIN and EDITOR): add, enable or disable, fetch now, and each feed's last status and error; newsletter
 * sources are listed on the same screen ({@link NewslettersController} takes their forms).
 */
@Controller
class FeedsController implements AdminPage {

    private final FeedSourceRepository feeds;
    private final FeedSwitch feedSwitch;
    private final FeedIngester ingester;
    private final FeedService feedService;
    private final Newsletters newsletters;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Clock clock;

    FeedsController(FeedSourceRepository feeds, FeedSwitch feedSwitch, FeedIngester ingester,
            FeedService feedService, Newsletters newsletters, AuditLog audit, MessageSource messages, Clock clock) {
        this.feedService = feedService;
        this.newsletters = newsletters;
        this.feeds = feeds;
        this.feedSwitch = feedSwitch;
        this.ingester = ingester;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/admin/feeds")
    String index(Model model) {
        model.addAttribute("feeds", feeds.findAll());
        model.addAttribute("now", clock.instant());
        model.addAttribute("newsletters", newsletters.all());
        model.addAttribute("newsletterMailbox", newsletters.mailboxConfigured());
        model.addAttribute("newsletterRun", newsletters.lastRun());
        model.addAttribute("suggestedAddress", newsletters.suggestedAddress("newsletter"));
        return "admin/feeds";
    }

    @PostMapping("/admin/feeds")
    String add(@RequestParam String url, @RequestParam String name, @RequestParam(defaultValue = "1.0") double authority,
            RedirectAttributes redirect) {
        String link = url.strip();
        if (!link.matches("(?i)https?://\\S+") || name.isBlank() || authority < 0 || authority > 1) {
            redirect.addFlashAttribute("problem", "admin.feeds.invalid");
            return "redirect:/admin/feeds";
        }
        FeedSource feed = feeds.register(link, name.strip(), authority, clock.instant());
        audit.record("feed.add", "feed", feed.id(), feed.url());
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/feeds";
    }

    /** Imports an uploaded OPML file through the ingest module's service and shows the report on the page. */
    @PostMapping("/admin/feeds/opml")
    String importOpml(@RequestParam("file") MultipartFile file, RedirectAttributes redirect, Locale locale)
            throws IOException {
        if (file.isEmpty()) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.feeds.opml.empty", null, locale));
            return "redirect:/admin/feeds";
        }
        if (file.getSize() > feedService.maxOpmlBytes()) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.feeds.opml.tooLarge",
                    new Object[] {feedService.maxOpmlBytes()}, locale));
            return "redirect:/admin/feeds";
        }
        try {
            OpmlImport report = feedService.importOpml(file.getBytes());
            audit.record("feed.import", "feed", null, report.added() + " added, " + report.kept() + " kept, "
                    + report.refused() + " refused");
            redirect.addFlashAttribute("message", messages.getMessage("admin.feeds.opml.imported",
                    new Object[] {report.added(), report.kept(), report.refused()}, locale));
            redirect.addFlashAttribute("opmlReport", report);
        } catch (FeedParseException notOpml) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.feeds.opml.failed",
                    new Object[] {notOpml.getMessage()}, locale));
        }
        return "redirect:/admin/feeds";
    }

    /** The same OPML 2.0 export as {@code GET /api/feeds/opml}, for the signed-in admin's browser. */
    @GetMapping(path = "/admin/feeds/opml", produces = "text/x-opml")
    ResponseEntity<String> exportOpml() {
        audit.record("feed.export", "feed", null, "opml");
        return ResponseEntity.ok().contentType(new MediaType("text", "x-opml", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"recap-feeds.opml\"")
                .body(feedService.exportOpml());
    }

    @PostMapping("/admin/feeds/{id}/enabled")
    String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        if (!feedSwitch.setEnabled(id, enabled)) {
            throw AdminProblem.notFound("feed " + id);
        }
        audit.record(enabled ? "feed.enable" : "feed.disable", "feed", id, null);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/feeds";
    }

    @PostMapping("/admin/feeds/{id}")
    String update(@PathVariable long id, @RequestParam(required = false) String url, @RequestParam(required = false) String name,
            @RequestParam(required = false) Double authority, RedirectAttributes redirect) {
        try {
            FeedSource feed = feedService.update(id, url, name, authority)
                    .orElseThrow(() -> AdminProblem.notFound("feed " + id));
            audit.record("feed.update", "feed", id, feed.url() + " name=" + feed.name() + " authority=" + feed.authority());
            redirect.addFlashAttribute("notice", "admin.saved");
        } catch (IllegalArgumentException invalid) {
            redirect.addFlashAttribute("error", invalid.getMessage());
        }
        return "redirect:/admin/feeds";
    }

    /** Removes a feed once the box is ticked; the stories it brought stay. */
    @PostMapping("/admin/feeds/{id}/remove")
    String remove(@PathVariable long id, @RequestParam(defaultValue = "false") boolean confirm,
            RedirectAttributes redirect) {
        if (!confirm) {
            redirect.addFlashAttribute("problem", "admin.feeds.remove.unconfirmed");
            return "redirect:/admin/feeds";
        }
        FeedSource feed = feeds.findById(id).orElseThrow(() -> AdminProblem.notFound("feed " + id));
        feedService.remove(id);
        audit.record("feed.remove", "feed", id, feed.url());
        redirect.addFlashAttribute("notice", "admin.feeds.removed");
        return "redirect:/admin/feeds";
    }

    @PostMapping("/admin/feeds/{id}/fetch")
    String fetch(@PathVariable long id, RedirectAttributes redirect, Locale locale) {
        FeedSource feed = feeds.findById(id).orElseThrow(() -> AdminProblem.notFound("feed " + id));
        FetchReport report = ingester.ingest(feed);
        audit.record("feed.fetch", "feed", id, report.failed() ? report.error() : report.newStories() + " new");
        redirect.addFlashAttribute(report.failed() ? "error" : "message", report.failed()
                ? messages.getMessage("admin.feeds.fetchFailed", new Object[] {feed.name(), report.error()}, locale)
                : messages.getMessage("admin.feeds.fetched", new Object[] {feed.name(), report.itemsSeen(),
                        report.newStories()}, locale));
        return "redirect:/admin/feeds";
    }
}
