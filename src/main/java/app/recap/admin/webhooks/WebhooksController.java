package app.recap.admin.webhooks;

import java.time.Clock;
import java.util.List;

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
import app.recap.webhook.WebhookEndpoint;
import app.recap.webhook.WebhookEndpoints;
import app.recap.webhook.WebhookEvent;
import app.recap.webhook.WebhookOutbox;

/** Webhooks screen (ADMIN): add an endpoint, pause or remove it, and read its delivery log. */
@Controller
class WebhooksController implements AdminPage {

    static final int LOG_SIZE = 100;

    private final WebhookEndpoints endpoints;
    private final WebhookOutbox outbox;
    private final AuditLog audit;
    private final Clock clock;

    WebhooksController(WebhookEndpoints endpoints, WebhookOutbox outbox, AuditLog audit, Clock clock) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping("/admin/webhooks")
    String index(Model model) {
        model.addAttribute("endpoints", endpoints.all());
        model.addAttribute("events", WebhookEvent.values());
        return "admin/webhooks";
    }

    @PostMapping("/admin/webhooks")
    String add(@RequestParam String url, @RequestParam(required = false) List<String> events,
            RedirectAttributes redirect) {
        List<WebhookEvent> chosen = events == null ? List.of()
                : events.stream().map(WebhookEvent::of).flatMap(java.util.Optional::stream).toList();
        try {
            WebhookEndpoint endpoint = endpoints.add(url, chosen);
            audit.record("webhook.add", "webhook", endpoint.id(), "url=" + endpoint.url());
            redirect.addFlashAttribute("notice", "admin.saved");
            return "redirect:/admin/webhooks/" + endpoint.id();
        } catch (WebhookEndpoints.InvalidEndpoint invalid) {
            redirect.addFlashAttribute("error", invalid.getMessage());
            return "redirect:/admin/webhooks";
        }
    }

    @GetMapping("/admin/webhooks/{id}")
    String show(@PathVariable long id, Model model) {
        model.addAttribute("endpoint", find(id));
        model.addAttribute("deliveries", outbox.log(id, LOG_SIZE));
        return "admin/webhook";
    }

    @PostMapping("/admin/webhooks/{id}/enabled")
    String enabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        find(id);
        endpoints.setEnabled(id, enabled);
        audit.record(enabled ? "webhook.resume" : "webhook.pause", "webhook", id, null);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/admin/webhooks/{id}/deliveries/{delivery}/retry")
    String retry(@PathVariable long id, @PathVariable long delivery, RedirectAttributes redirect) {
        find(id);
        if (outbox.retryNow(id, delivery, clock.instant())) {
            audit.record("webhook.retry", "webhook", id, "delivery=" + delivery);
            redirect.addFlashAttribute("notice", "admin.webhooks.retrying");
        }
        return "redirect:/admin/webhooks/" + id;
    }

    @PostMapping("/admin/webhooks/{id}/remove")
    String remove(@PathVariable long id, RedirectAttributes redirect) {
        find(id);
        endpoints.remove(id);
        audit.record("webhook.remove", "webhook", id, null);
        redirect.addFlashAttribute("notice", "admin.webhooks.removed");
        return "redirect:/admin/webhooks";
    }

    private WebhookEndpoint find(long id) {
        return endpoints.find(id).orElseThrow(() -> AdminProblem.notFound("webhook " + id));
    }
}
