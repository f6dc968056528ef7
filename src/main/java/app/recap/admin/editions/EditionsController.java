package app.recap.admin.editions;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Editions screen: preview the coming edition for any audience combination (HTML in a sandboxed frame, text, and
 * every story's score explained), send a test, run the weekly job now (ADMIN), and the job's history with live
 * progress.
 */
@Controller
class EditionsController implements AdminPage {

    private final EditionPreview previews;
    private final EditionRuns runs;
    private final ListRepository lists;
    private final MessageSource messages;

    EditionsController(EditionPreview previews, EditionRuns runs, ListRepository lists, MessageSource messages) {
        this.previews = previews;
        this.runs = runs;
        this.lists = lists;
        this.messages = messages;
    }

    @GetMapping("/admin/editions")
    String index(@RequestParam(required = false) String list, Model model) {
        List<NewsletterList> all = lists.findAll();
        model.addAttribute("lists", all);
        NewsletterList chosen = all.stream().filter(l -> l.slug().equals(list)).findFirst()
                .orElse(all.stream().filter(l -> !l.archived()).findFirst().orElse(null));
        model.addAttribute("chosen", chosen);
        if (chosen != null) {
            model.addAttribute("offered", previews.offered(chosen));
            model.addAttribute("comingWeek", previews.comingWeek(chosen).toString());
        }
        var history = runs.history(null, 30);
        model.addAttribute("runs", history);
        model.addAttribute("live", history.stream().anyMatch(EditionRuns.RunView::running));
        return "admin/editions";
    }

    @GetMapping("/admin/editions/preview")
    String preview(@RequestParam String list, @RequestParam(required = false) String week,
            @RequestParam(required = false) List<String> audiences, Model model) {
        model.addAttribute("preview", previews.preview(list, week, audiences));
        model.addAttribute("week", week);
        return "admin/preview";
    }

    /** The email's HTML on its own, for the preview page's sandboxed frame (its own CSP allows inline styles). */
    @GetMapping("/admin/editions/email")
    ResponseEntity<String> email(@RequestParam String list, @RequestParam(required = false) String week,
            @RequestParam(required = false) List<String> audiences) {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(previews.preview(list, week, audiences).digest().html());
    }

    @PostMapping("/admin/editions/test")
    String test(@RequestParam String list, @RequestParam(required = false) String week,
            @RequestParam(required = false) List<String> audiences, @RequestParam String to,
            RedirectAttributes redirect, Locale locale) {
        try {
            previews.sendTest(list, week, audiences, to.strip());
            redirect.addFlashAttribute("message", messages.getMessage("admin.editions.testSent", new Object[] {to},
                    locale));
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
        redirect.addAttribute("list", list);
        if (week != null && !week.isBlank()) {
            redirect.addAttribute("week", week);
        }
        if (audiences != null) {
            redirect.addAttribute("audiences", audiences);
        }
        return "redirect:/admin/editions/preview";
    }

    /**
     * "Run now" from the editions screen: never sends on one click; it leads to the edition's confirmation step,
     * which says whom a send reaches, or why it would not send.
     */
    @PostMapping("/admin/editions/run")
    String run(@RequestParam String list, @RequestParam String week, RedirectAttributes redirect) {
        EditionProgress.week(week);
        lists.findBySlug(list).orElseThrow(() -> AdminProblem.notFound("list " + list));
        return "redirect:/admin/editions/" + list + "/" + week.strip() + "/send";
    }
}
