package app.recap.admin.lists;

import java.time.DayOfWeek;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.audience.AudienceRepository;
import app.recap.preferences.SignupForms;
import app.recap.subscriber.ListEditor;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/**
 * Lists screen: all lists with their counts and, for each open list, the sign-up form to embed on its website;
 * create, edit, archive.
 */
@Controller
class ListsController implements AdminPage {

    private final ListRepository lists;
    private final ListEditor editor;
    private final ListAdministration administration;
    private final AudienceRepository audiences;
    private final SignupForms signupForms;

    ListsController(ListRepository lists, ListEditor editor, ListAdministration administration,
            AudienceRepository audiences, SignupForms signupForms) {
        this.signupForms = signupForms;
        this.lists = lists;
        this.editor = editor;
        this.administration = administration;
        this.audiences = audiences;
    }

    @GetMapping("/admin/lists")
    String index(Model model) {
        Map<NewsletterList, Map<SubscriptionStatus, Long>> counts = new LinkedHashMap<>();
        Map<NewsletterList, SignupSnippet> snippets = new LinkedHashMap<>();
        for (NewsletterList list : lists.findAll()) {
            counts.put(list, editor.countsByStatus(list.id()));
            // an archived list takes no sign-ups: nothing to embed
            if (!list.archived()) {
                snippets.put(list, new SignupSnippet(signupForms.action(list), signupForms.snippet(list)));
            }
        }
        model.addAttribute("counts", counts);
        model.addAttribute("snippets", snippets);
        return "admin/lists";
    }

    /** A list's embeddable sign-up form: where it posts (the hosted page too) and the HTML to paste. */
    record SignupSnippet(String action, String html) {
    }

    @GetMapping("/admin/lists/new")
    String create(Model model) {
        return form(model, ListForm.blank(), true);
    }

    @PostMapping("/admin/lists")
    String create(@Valid @ModelAttribute("form") ListForm form, BindingResult errors, Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return form(model, form, true);
        }
        try {
            NewsletterList list = administration.create(form);
            redirect.addFlashAttribute("notice", "admin.saved");
            return "redirect:/admin/lists#" + list.slug();
        } catch (AdminProblem problem) {
            return form(model, form, true, problem);
        }
    }

    @GetMapping("/admin/lists/{slug}/edit")
    String edit(@PathVariable String slug, Model model) {
        return form(model, administration.formOf(administration.get(slug)), false);
    }

    @PostMapping("/admin/lists/{slug}/edit")
    String edit(@PathVariable String slug, @Valid @ModelAttribute("form") ListForm form, BindingResult errors,
            Model model, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return form(model, form, false);
        }
        try {
            administration.update(slug, form);
            redirect.addFlashAttribute("notice", "admin.saved");
            return "redirect:/admin/lists";
        } catch (AdminProblem problem) {
            return form(model, form, false, problem);
        }
    }

    @PostMapping("/admin/lists/{slug}/archive")
    String archive(@PathVariable String slug, @RequestParam boolean archived, RedirectAttributes redirect) {
        administration.setArchived(slug, archived);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/lists";
    }

    private String form(Model model, ListForm form, boolean creating) {
        return form(model, form, creating, null);
    }

    private String form(Model model, ListForm form, boolean creating, AdminProblem problem) {
        Map<String, String> fieldErrors = new LinkedHashMap<>();
        if (problem != null) {
            fieldErrors.putAll(problem.fieldErrors());
            model.addAttribute("error", problem.fieldErrors().isEmpty() ? problem.getMessage() : null);
        }
        if (model.getAttribute(BindingResult.MODEL_KEY_PREFIX + "form") instanceof BindingResult errors) {
            errors.getFieldErrors().forEach(e -> fieldErrors.putIfAbsent(e.getField(), e.getDefaultMessage()));
        }
        model.addAttribute("fieldErrors", fieldErrors);
        model.addAttribute("form", form);
        model.addAttribute("creating", creating);
        model.addAttribute("audiences", audiences.findAll());
        model.addAttribute("days", DayOfWeek.values());
        return "admin/list-form";
    }
}
