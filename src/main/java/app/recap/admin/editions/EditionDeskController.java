package app.recap.admin.editions;

import java.security.Principal;
import java.text.NumberFormat;
import java.util.Locale;
import java.util.function.Supplier;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;

/**
 * The edition page's actions: build (again), send now, resend failed deliveries and cancel the scheduled send, each
 * after a confirmation
 * page that says whom it reaches (a second request, so no script is needed and none can skip it), and the
 * editor's steering (pin, drop, undo, the editor's note and the subject). Sending is ADMIN only (security rules);
 * building and steering are an editor's work.
 */
@Controller
class EditionDeskController implements AdminPage {

    private final EditionDesk desk;
    private final EditionRuns runs;

    EditionDeskController(EditionDesk desk, EditionRuns runs) {
        this.desk = desk;
        this.runs = runs;
    }

    @PostMapping("/admin/editions/{list}/{week}/build")
    String build(@PathVariable String list, @PathVariable String week, RedirectAttributes redirect) {
        report(redirect, () -> {
            var edition = desk.build(list, week);
            return "Built from this week's stories: " + edition.storyCount()
                    + " collected. The status below says whether it would be sent.";
        });
        return page(list, week);
    }

    /** The confirmation step: what a send now would do, or why it would not send. */
    @GetMapping("/admin/editions/{list}/{week}/send")
    String confirmSend(@PathVariable String list, @PathVariable String week, Model model, Locale locale) {
        model.addAttribute("state", desk.state(list, week));
        model.addAttribute("action", "send");
        try {
            EditionRuns.RunPlan plan = runs.plan(list, week);
            model.addAttribute("plan", plan);
            model.addAttribute("question", (plan.kind() == EditionRuns.RunKind.RESUME ? "Resume sending to "
                    : "Send to ") + count(plan.reach(), locale) + (plan.reach() == 1 ? " subscriber?" : " subscribers?"));
        } catch (AdminProblem problem) {
            model.addAttribute("refusal", problem.getMessage());
        }
        return "admin/edition-confirm";
    }

    @PostMapping("/admin/editions/{list}/{week}/send")
    String send(@PathVariable String list, @PathVariable String week,
            @RequestParam(required = false) String confirmed, RedirectAttributes redirect, Locale locale) {
        if (!"yes".equals(confirmed)) {
            return page(list, week) + "/send";
        }
        report(redirect, () -> {
            EditionRuns.RunPlan plan = runs.runNow(list, week);
            return (plan.kind() == EditionRuns.RunKind.RESUME ? "Sending resumed: "
                    : "Sending started: ") + count(plan.reach(), locale) + (plan.reach() == 1 ? " subscriber" : " subscribers")
                    + ". Progress shows below.";
        });
        return page(list, week);
    }

    @GetMapping("/admin/editions/{list}/{week}/resend-failed")
    String confirmResend(@PathVariable String list, @PathVariable String week, Model model, Locale locale) {
        EditionDesk.State state = desk.state(list, week);
        model.addAttribute("state", state);
        model.addAttribute("action", "resend-failed");
        long failed = state.progress() == null ? 0 : state.progress().failed();
        if (failed == 0) {
            model.addAttribute("refusal", "No delivery of this edition failed; nothing to resend.");
        } else {
            model.addAttribute("question", "Resend the " + count(failed, locale)
                    + (failed == 1 ? " failed delivery?" : " failed deliveries?"));
        }
        return "admin/edition-confirm";
    }

    @PostMapping("/admin/editions/{list}/{week}/resend-failed")
    String resend(@PathVariable String list, @PathVariable String week,
            @RequestParam(required = false) String confirmed, RedirectAttributes redirect, Locale locale) {
        if (!"yes".equals(confirmed)) {
            return page(list, week) + "/resend-failed";
        }
        report(redirect, () -> {
            EditionRuns.RunPlan plan = runs.resendFailed(list, week);
            return "Resending " + count(plan.reach(), locale)
                    + " failed deliveries. Progress shows below.";
        });
        return page(list, week);
    }

    /** The confirmation step of cancelling the week's scheduled send, or why there is none to cancel. */
    @GetMapping("/admin/editions/{list}/{week}/schedule/cancel")
    String confirmCancelSchedule(@PathVariable String list, @PathVariable String week, Model model) {
        EditionDesk.State state = desk.state(list, week);
        model.addAttribute("state", state);
        model.addAttribute("action", "schedule/cancel");
        if (state.scheduled()) {
            model.addAttribute("question", "Cancel the scheduled send of " + state.scheduledLabel() + "?");
        } else {
            model.addAttribute("refusal", state.cancelled() != null
                    ? "It was already cancelled by " + state.cancelled().by() + "."
                    : state.frozen() ? "The edition is being sent or was sent."
                            : "No schedule will send it: the schedule is off, or its send time has passed.");
        }
        return "admin/edition-confirm";
    }

    @PostMapping("/admin/editions/{list}/{week}/schedule/cancel")
    String cancelSchedule(@PathVariable String list, @PathVariable String week,
            @RequestParam(required = false) String confirmed, Principal me, RedirectAttributes redirect) {
        if (!"yes".equals(confirmed)) {
            return page(list, week) + "/schedule/cancel";
        }
        report(redirect, () -> {
            desk.cancelSchedule(list, week, me.getName());
            return "Scheduled send cancelled: the schedule will not send this edition."
                    + " Send it now, or put it back on the schedule, from this page.";
        });
        return page(list, week);
    }

    @PostMapping("/admin/editions/{list}/{week}/schedule/restore")
    String restoreSchedule(@PathVariable String list, @PathVariable String week, RedirectAttributes redirect) {
        report(redirect, () -> {
            desk.restoreSchedule(list, week);
            return "Back on the schedule.";
        });
        return page(list, week);
    }

    /** @param action PIN, DROP or CLEAR (undo either) */
    @PostMapping("/admin/editions/{list}/{week}/picks")
    String pick(@PathVariable String list, @PathVariable String week, @RequestParam long story,
            @RequestParam String action, @RequestParam(required = false) String section, Principal me,
            RedirectAttributes redirect) {
        report(redirect, () -> {
            switch (action) {
                case "PIN" -> desk.pin(list, week, story, section, me.getName());
                case "DROP" -> desk.drop(list, week, story, me.getName());
                case "CLEAR" -> desk.clear(list, week, story);
                default -> throw AdminProblem.invalid("action", "PIN, DROP or CLEAR");
            }
            return switch (action) {
                case "PIN" -> "Pinned. The preview below shows it.";
                case "DROP" -> "Dropped from this edition. The preview below shows it without the story.";
                default -> "Back where the ranking put it.";
            };
        });
        return page(list, week) + "#steering";
    }

    @PostMapping("/admin/editions/{list}/{week}/editorial")
    String editorial(@PathVariable String list, @PathVariable String week,
            @RequestParam(required = false) String note, @RequestParam(required = false) String subject,
            RedirectAttributes redirect) {
        report(redirect, () -> {
            desk.editorial(list, week, note, subject);
            return "Editor's note and subject saved. The preview below shows them.";
        });
        return page(list, week) + "#editorial";
    }

    /** Runs one of the page's actions and says how it went: its message, or the problem that stopped it. */
    private static void report(RedirectAttributes redirect, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("message", action.get());
        } catch (AdminProblem problem) {
            redirect.addFlashAttribute("error", problem.getMessage());
        }
    }

    private static String page(String list, String week) {
        return "redirect:/admin/editions/" + list + "/" + week;
    }

    private static String count(long n, Locale locale) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }
}
