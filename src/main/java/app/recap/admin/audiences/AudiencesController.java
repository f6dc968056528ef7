package app.recap.admin.audiences;

import java.util.Arrays;
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

/** Audiences screen (ADMIN and EDITOR): add, rename, describe, keywords for local enrichment. */
@Controller
class AudiencesController implements AdminPage {

    private final AudienceAdministration administration;

    AudiencesController(AudienceAdministration administration) {
        this.administration = administration;
    }

    @GetMapping("/admin/audiences")
    String index(Model model) {
        model.addAttribute("audiences", administration.all());
        return "admin/audiences";
    }

    @PostMapping("/admin/audiences")
    String add(@RequestParam String slug, @RequestParam String displayName,
            @RequestParam(required = false) String description, @RequestParam(required = false) String keywords,
            RedirectAttributes redirect) {
        try {
            administration.add(new AudienceForm(slug.strip(), displayName, description, lines(keywords)));
            redirect.addFlashAttribute("notice", "admin.saved");
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
        return "redirect:/admin/audiences";
    }

    @GetMapping("/admin/audiences/{slug}")
    String edit(@PathVariable String slug, Model model) {
        var audience = administration.get(slug);
        model.addAttribute("audience", audience);
        model.addAttribute("keywords", String.join("\n", audience.keywords()));
        return "admin/audience";
    }

    @PostMapping("/admin/audiences/{slug}")
    String update(@PathVariable String slug, @RequestParam String displayName,
            @RequestParam(required = false) String description, @RequestParam(required = false) String keywords,
            RedirectAttributes redirect) {
        if (displayName.isBlank()) {
            redirect.addFlashAttribute("problem", "admin.audiences.nameRequired");
            return "redirect:/admin/audiences/" + slug;
        }
        administration.update(slug, new AudienceForm(slug, displayName, description, lines(keywords)));
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/audiences";
    }

    private static List<String> lines(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}
