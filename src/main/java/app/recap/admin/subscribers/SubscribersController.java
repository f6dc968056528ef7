package app.recap.admin.subscribers;

import java.util.List;
import java.util.Locale;
import java.util.Map;

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
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberDirectory;
import app.recap.subscriber.SubscriptionStatus;

/**
 * Subscribers screen (ADMIN): search with filters and a total, page by key (oldest or newest first, or by address or name either way), act on a
 * selection or a whole search result, add, edit, unsubscribe, erase; a subscriber's page also shows their
 * deliveries, bounces, pauses and (where the list records it) clicks.
 */
@Controller
class SubscribersController implements AdminPage {

    static final int PAGE_SIZE = 50;

    private final SubscriberAdministration administration;
    private final SubscriberDirectory directory;
    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final MessageSource messages;
    private final SubscriberActivity activity;

    SubscribersController(SubscriberAdministration administration, SubscriberDirectory directory, ListRepository lists,
            AudienceRepository audiences, MessageSource messages, SubscriberActivity activity) {
        this.messages = messages;
        this.activity = activity;
        this.administration = administration;
        this.directory = directory;
        this.lists = lists;
        this.audiences = audiences;
    }

    @GetMapping("/admin/subscribers")
    String search(@RequestParam(required = false) String query, @RequestParam(required = false) String list,
            @RequestParam(required = false) String status, @RequestParam(required = false) String audience,
            @RequestParam(required = false) String after, @RequestParam(required = false) String order, Model model) {
        var filter = administration.filter(query, list, status, audience);
        // an unknown order falls back to oldest first, as it always has
        var sort = SubscriberDirectory.Order.parse(order).orElse(SubscriberDirectory.Order.OLDEST);
        SubscriberDirectory.Page page;
        try {
            page = directory.search(filter, after, PAGE_SIZE, sort);
        } catch (SubscriberDirectory.InvalidCursor e) {
            throw AdminProblem.invalid("after", e.getMessage());
        }
        model.addAttribute("page", page);
        // counted up to a bound: a query that most of a million subscribers match costs what a rare one does
        var total = directory.total(filter);
        model.addAttribute("total", total.count());
        model.addAttribute("totalMore", total.more());
        model.addAttribute("order", sort.parameter());
        model.addAttribute("orders", SubscriberDirectory.Order.values());
        model.addAttribute("headers", Map.of("email", header(sort, SubscriberDirectory.Order.EMAIL),
                "name", header(sort, SubscriberDirectory.Order.NAME), "added", header(sort, SubscriberDirectory.Order.OLDEST)));
        model.addAttribute("query", query);
        model.addAttribute("list", list);
        model.addAttribute("status", status);
        model.addAttribute("audience", audience);
        model.addAttribute("after", after);
        model.addAttribute("statuses", SubscriberDirectory.STATUSES);
        choices(model);
        return "admin/subscribers";
    }

    /**
     * One action on the subscribers ticked on the page, or on every subscriber the search found ({@code scope=all},
     * the search's own fields sent again); refused unless {@code confirm} is ticked.
     */
    @PostMapping("/admin/subscribers/bulk")
    String bulk(@RequestParam String action, @RequestParam(defaultValue = "selected") String scope,
            @RequestParam(required = false) List<Long> ids, @RequestParam(required = false) String query,
            @RequestParam(required = false) String filterList, @RequestParam(required = false) String status,
            @RequestParam(required = false) String audience, @RequestParam(required = false) String list,
            @RequestParam(required = false) List<String> audiences, @RequestParam(required = false) String reason,
            @RequestParam(defaultValue = "false") boolean confirm, RedirectAttributes redirect, Locale locale) {
        redirect.addAttribute("query", query);
        redirect.addAttribute("list", filterList);
        redirect.addAttribute("status", status);
        redirect.addAttribute("audience", audience);
        SubscriberAdministration.BulkAction what;
        try {
            what = SubscriberAdministration.BulkAction.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("action", "unknown bulk action " + action);
        }
        List<Long> chosen = new java.util.ArrayList<>();
        if ("all".equals(scope)) {
            directory.forEachId(administration.filter(query, filterList, status, audience), chosen::add);
        } else if (ids != null) {
            chosen.addAll(ids);
        }
        if (chosen.isEmpty()) {
            redirect.addFlashAttribute("problem", "admin.subscribers.bulk.none");
            return "redirect:/admin/subscribers";
        }
        if (!confirm) {
            redirect.addFlashAttribute("problem", "admin.subscribers.bulk.unconfirmed");
            return "redirect:/admin/subscribers";
        }
        try {
            var result = administration.bulk(what, chosen, list, audiences, reason);
            redirect.addFlashAttribute("message", messages.getMessage("admin.subscribers.bulk.done." + what.name(),
                    new Object[] {result.changed(), result.skipped(), list}, locale));
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/subscribers";
    }

    @PostMapping("/admin/subscribers")
    String add(@RequestParam String email, @RequestParam(required = false) String name, @RequestParam String list,
            @RequestParam(required = false) List<String> audiences, RedirectAttributes redirect) {
        try {
            var entry = administration.add(new SubscriberForm(email, name, list, audiences, SubscriptionStatus.CONFIRMED));
            redirect.addFlashAttribute("notice", "admin.subscribers.added");
            return "redirect:/admin/subscribers/" + entry.id();
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
            return "redirect:/admin/subscribers";
        }
    }

    @GetMapping("/admin/subscribers/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("subscriber", administration.get(id));
        model.addAttribute("activity", activity.of(id));
        model.addAttribute("slugs", administration.audienceSlugs());
        choices(model);
        return "admin/subscriber";
    }

    @PostMapping("/admin/subscribers/{id}/name")
    String rename(@PathVariable long id, @RequestParam(required = false) String name, RedirectAttributes redirect) {
        administration.rename(id, name);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/subscribers/" + id;
    }

    @PostMapping("/admin/subscribers/{id}/lists/{list}")
    String audiences(@PathVariable long id, @PathVariable String list,
            @RequestParam(required = false) List<String> audiences, RedirectAttributes redirect) {
        try {
            administration.updateSubscription(id, list, audiences == null ? List.of() : audiences, null);
            redirect.addFlashAttribute("notice", "admin.saved");
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/subscribers/" + id;
    }

    @PostMapping("/admin/subscribers/{id}/lists/{list}/unsubscribe")
    String unsubscribe(@PathVariable long id, @PathVariable String list, RedirectAttributes redirect) {
        administration.unsubscribe(id, list);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/subscribers/" + id;
    }

    @PostMapping("/admin/subscribers/{id}/erase")
    String erase(@PathVariable long id, @RequestParam(defaultValue = "false") boolean confirm,
            RedirectAttributes redirect) {
        if (!confirm) {
            redirect.addFlashAttribute("problem", "admin.subscribers.erase.unconfirmed");
            return "redirect:/admin/subscribers/" + id;
        }
        administration.erase(id);
        redirect.addFlashAttribute("notice", "admin.subscribers.erased");
        return "redirect:/admin/subscribers";
    }

    /**
     * A sortable column header: {@code sort} is the order its link asks for (the current one reversed when the
     * column is the one sorted by, else ascending), {@code ariaSort} is ascending/descending on that column only.
     */
    record Header(String sort, String ariaSort) {
    }

    private static Header header(SubscriberDirectory.Order current, SubscriberDirectory.Order ascending) {
        if (current == ascending) {
            return new Header(ascending.reversed().parameter(), "ascending");
        }
        if (current == ascending.reversed()) {
            return new Header(ascending.parameter(), "descending");
        }
        return new Header(ascending.parameter(), null);
    }

    private void choices(Model model) {
        model.addAttribute("lists", lists.findAll());
        model.addAttribute("audiences", audiences.findAll());
        model.addAttribute("bulkActions", SubscriberAdministration.BulkAction.values());
    }
}
