package app.recap.admin.bounces;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;

/**
 * Bounce screens (ADMIN): the bounce log filtered by type, list and edition, a page at a time by key, and a list's
 * bounce and complaint rates per edition against the 2% and 0.3% lines.
 */
@Controller
class BouncesController implements AdminPage {

    private final BounceScreens screens;

    BouncesController(BounceScreens screens) {
        this.screens = screens;
    }

    @GetMapping("/admin/bounces")
    String log(@RequestParam(required = false) String type, @RequestParam(required = false) String list,
            @RequestParam(required = false) String week, @RequestParam(required = false) Long before, Model model) {
        BounceScreens.Filter filter = new BounceScreens.Filter(type, list, week);
        model.addAttribute("filter", filter);
        model.addAttribute("before", before);
        model.addAttribute("types", BounceScreens.types());
        model.addAttribute("lists", screens.lists());
        try {
            model.addAttribute("page", screens.log(filter, before));
        } catch (AdminProblem problem) {
            // a filter that cannot be read: the form stays, with the reason, over an empty log
            model.addAttribute("error", problem.getMessage());
            model.addAttribute("page", new BounceScreens.Page(java.util.List.of(), null));
        }
        return "admin/bounces";
    }

    @GetMapping("/admin/bounces/rates")
    String rates(@RequestParam(required = false) String list, @RequestParam(defaultValue = "12") int editions,
            Model model) {
        var lists = screens.lists();
        if (lists.isEmpty()) {
            throw AdminProblem.notFound("a list");
        }
        String slug = list == null || list.isBlank() ? lists.get(0).slug() : list.strip();
        model.addAttribute("rates", screens.rates(slug, editions));
        model.addAttribute("lists", lists);
        return "admin/bounce-rates";
    }
}
