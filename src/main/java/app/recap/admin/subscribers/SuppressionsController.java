package app.recap.admin.subscribers;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.subscriber.Suppressions;

/** Suppression list screen (ADMIN). */
@Controller
class SuppressionsController implements AdminPage {

    static final int PAGE_SIZE = 100;

    private final Suppressions suppressions;
    private final SubscriberAdministration administration;

    SuppressionsController(Suppressions suppressions, SubscriberAdministration administration) {
        this.suppressions = suppressions;
        this.administration = administration;
    }

    @GetMapping("/admin/suppressions")
    String index(@RequestParam(required = false) String after, Model model) {
        var page = suppressions.list(after, PAGE_SIZE + 1);
        model.addAttribute("suppressions", page.size() > PAGE_SIZE ? page.subList(0, PAGE_SIZE) : page);
        model.addAttribute("next", page.size() > PAGE_SIZE ? page.get(PAGE_SIZE - 1).email() : null);
        model.addAttribute("total", suppressions.count());
        return "admin/suppressions";
    }

    @PostMapping("/admin/suppressions")
    String add(@RequestParam String email, @RequestParam String reason, RedirectAttributes redirect) {
        try {
            administration.suppress(email, reason);
            redirect.addFlashAttribute("notice", "admin.saved");
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/suppressions";
    }

    @PostMapping("/admin/suppressions/remove")
    String remove(@RequestParam String email, RedirectAttributes redirect) {
        administration.unsuppress(email);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/suppressions";
    }
}
