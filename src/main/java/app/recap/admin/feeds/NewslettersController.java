package app.recap.admin.feeds;

import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AuditLog;
import app.recap.ingest.Newsletters;

/**
 * The newsletter part of the feeds screen (ADMIN and EDITOR): add a newsletter source with its inbound address and
 * senders, change the senders, read the newsletter mailbox now. The same service answers the REST API.
 */
@Controller
class NewslettersController implements AdminPage {

    private final Newsletters newsletters;
    private final AuditLog audit;
    private final MessageSource messages;

    NewslettersController(Newsletters newsletters, AuditLog audit, MessageSource messages) {
        this.newsletters = newsletters;
        this.audit = audit;
        this.messages = messages;
    }

    @PostMapping("/admin/newsletters")
    String add(@RequestParam String name, @RequestParam String address, @RequestParam String senders,
            @RequestParam(defaultValue = "1.0") double authority, RedirectAttributes redirect, Locale locale) {
        try {
            Newsletters.Registration registration = newsletters.add(name, address, List.of(senders), authority);
            audit.record("newsletter.add", "feed", registration.source().id(), registration.source().address());
            redirect.addFlashAttribute("message", messages.getMessage(registration.created()
                    ? "admin.newsletters.added" : "admin.newsletters.exists",
                    new Object[] {registration.source().address()}, locale));
        } catch (IllegalArgumentException invalid) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.newsletters.invalid",
                    new Object[] {invalid.getMessage()}, locale));
        }
        return "redirect:/admin/feeds#newsletters";
    }

    @PostMapping("/admin/newsletters/{id}/senders")
    String senders(@PathVariable long id, @RequestParam String senders, RedirectAttributes redirect, Locale locale) {
        try {
            if (newsletters.setSenders(id, List.of(senders)).isEmpty()) {
                throw app.recap.admin.AdminProblem.notFound("newsletter source " + id);
            }
            audit.record("newsletter.senders", "feed", id, senders.strip());
            redirect.addFlashAttribute("notice", "admin.saved");
        } catch (IllegalArgumentException invalid) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.newsletters.invalid",
                    new Object[] {invalid.getMessage()}, locale));
        }
        return "redirect:/admin/feeds#newsletters";
    }

    @PostMapping("/admin/newsletters/read")
    String read(RedirectAttributes redirect, Locale locale) {
        Newsletters.MailboxRun run = newsletters.readMailbox();
        if (run == null) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.newsletters.busy", null, locale));
        } else if (run.error() != null) {
            redirect.addFlashAttribute("error", messages.getMessage("admin.newsletters.readFailed",
                    new Object[] {run.error()}, locale));
        } else {
            audit.record("newsletter.read", "feed", null, run.issues() + " issues, " + run.refused() + " refused");
            redirect.addFlashAttribute("message", messages.getMessage("admin.newsletters.read",
                    new Object[] {run.read(), run.issues(), run.stories(), run.refused(), run.unrouted().size()},
                    locale));
        }
        return "redirect:/admin/feeds#newsletters";
    }
}
