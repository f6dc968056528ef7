package app.recap.admin.accounts;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.admin.AdminPage;
import app.recap.admin.AdminProblem;
import app.recap.admin.AdminTimes;
import app.recap.admin.AuditLog;

/** "Your account", for every role: the time zone the admin screens show times in. */
@Controller
class OwnAccountController implements AdminPage {

    static final String PAGE = "/admin/account";

    /** Region zones only ("Europe/Berlin"), as people pick them; offsets and aliases are still accepted typed. */
    private static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
            .filter(z -> z.contains("/") && !z.startsWith("Etc/") && !z.startsWith("SystemV/")).sorted().toList();

    private final AdminAccounts accounts;
    private final AdminTimes times;
    private final AuditLog audit;
    private final Clock clock;

    OwnAccountController(AdminAccounts accounts, AdminTimes times, AuditLog audit, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.times = times;
        this.audit = audit;
    }

    @GetMapping(PAGE)
    String account(Authentication me, Model model) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        model.addAttribute("account", account);
        model.addAttribute("chosenZone", accounts.timeZone(account.email()).map(ZoneId::getId).orElse(""));
        model.addAttribute("listsZone", times.listsZone().getId());
        model.addAttribute("zones", ZONES);
        model.addAttribute("now", clock.instant());
        return "admin/account";
    }

    /** A blank zone follows the lists' zone again. */
    @PostMapping(PAGE + "/time-zone")
    String timeZone(@RequestParam(defaultValue = "") String timeZone, Authentication me, RedirectAttributes redirect) {
        ZoneId zone = null;
        if (!timeZone.isBlank()) {
            try {
                zone = ZoneId.of(timeZone.strip());
            } catch (DateTimeException unknown) {
                redirect.addFlashAttribute("error", "\"" + (timeZone.length() > 60 ? timeZone.substring(0, 60) + "…"
                        : timeZone.strip()) + "\" is not a time zone. Pick one from the list, such as Europe/Berlin.");
                return "redirect:" + PAGE;
            }
        }
        accounts.setTimeZone(me.getName(), zone);
        times.forget(me.getName());
        audit.record("account.time-zone", "account", me.getName(), zone == null ? "lists' zone" : zone.getId());
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:" + PAGE;
    }
}
