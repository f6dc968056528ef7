package app.recap.admin.feeds;

import java.time.Clock;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.ingest.FeedIngester;
import app.recap.ingest.FeedSource;
import app.recap.ingest.FeedSourceRepository;
import app.recap.ingest.FeedSwitch;
import app.recap.ingest.FetchReport;

/**
 * Feeds screen (ADMIN and EDITOR): add, enable or disable, fetch now, and each feed's last status and error. The
 * feeds REST API belongs to the ingestion module.
 */
@Controller
class FeedsController implements AdminPage {

    private final FeedSourceRepository feeds;
    private final FeedSwitch feedSwitch;
    private final FeedIngester ingester;
    private final AuditLog audit;
    private final MessageSource messages;
    private final Clock clock;

    FeedsController(FeedSourceRepository feeds, FeedSwitch feedSwitch, FeedIngester ingester, AuditLog audit,
            MessageSource messages, Clock clock) {
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

    @PostMapping("/admin/feeds/{id}/enabled")
    String enable(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        if (!feedSwitch.setEnabled(id, enabled)) {
            throw AdminProblem.notFound("feed " + id);
        }
        audit.record(enabled ? "feed.enable" : "feed.disable", "feed", id, null);
        redirect.addFlashAttribute("notice", "admin.saved");
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
