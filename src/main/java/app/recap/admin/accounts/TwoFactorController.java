package app.recap.admin.accounts;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
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

/**
 * Two-factor sign-in's pages: the code step after a right password, enrolment and disabling on the account's own
 * page, and an admin's reset of another account's second factor.
 */
@Controller
class TwoFactorController implements AdminPage {

    static final String ENROLMENT = TwoFactorController.class.getName() + ".ENROLMENT";

    private final AdminAccounts accounts;
    private final TwoFactor twoFactor;
    private final TwoFactorSignIn signIn;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final AdminProperties properties;
    private final Clock clock;

    TwoFactorController(AdminAccounts accounts, TwoFactor twoFactor, TwoFactorSignIn signIn, LoginThrottle throttle,
            AuditLog audit, AdminProperties properties, Clock clock) {
        this.clock = clock;
        this.accounts = accounts;
        this.twoFactor = twoFactor;
        this.signIn = signIn;
        this.throttle = throttle;
        this.audit = audit;
        this.properties = properties;
    }

    @GetMapping(TwoFactorSignIn.CODE_PAGE)
    String codePage(HttpServletRequest request) {
        return signIn.pending(request).isPresent() ? "admin/login-code" : "redirect:/admin/login";
    }

    @PostMapping(TwoFactorSignIn.CODE_PAGE)
    String code(@RequestParam(defaultValue = "") String code, HttpServletRequest request, HttpServletResponse response,
            Model model) throws IOException, ServletException {
        Optional<Authentication> pending = signIn.pending(request);
        if (pending.isEmpty()) {
            return "redirect:/admin/login?expired";
        }
        String email = pending.get().getName();
        Optional<Duration> wait = throttle.retryAfter(email, request.getRemoteAddr());
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds());
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
            model.addAttribute("throttledMinutes", (seconds + 59) / 60);
            return "admin/login-code";
        }
        var account = accounts.findByEmail(email);
        if (account.isPresent() && account.get().enabled() && twoFactor.accept(account.get().id(), code)) {
            signIn.complete(pending.get(), request, response);
            return null;
        }
        throttle.failed(email, request.getRemoteAddr());
        return "redirect:" + TwoFactorSignIn.CODE_PAGE + "?error";
    }

    @GetMapping(TwoFactorSignIn.ENROL_PAGE)
    String page(Authentication me, HttpSession session, Model model) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        boolean enrolled = twoFactor.enrolled(account.id());
        model.addAttribute("enrolled", enrolled);
        model.addAttribute("required", signIn.mustEnrol(me));
        if (enrolled) {
            model.addAttribute("codesLeft", twoFactor.recoveryCodesLeft(account.id()));
        } else {
            String secret = session.getAttribute(ENROLMENT) instanceof String s ? s : Totp.newSecret();
            session.setAttribute(ENROLMENT, secret);
            String uri = TwoFactor.uri(properties.twoFactor().issuer(), account.email(), secret);
            model.addAttribute("secret", secret.replaceAll("(.{4})(?!$)", "$1 "));
            model.addAttribute("otpauth", uri);
            model.addAttribute("qr", QrCode.svgDataUri(uri));
        }
        return "admin/two-factor";
    }

    @PostMapping(TwoFactorSignIn.ENROL_PAGE)
    String enrol(@RequestParam(defaultValue = "") String code, Authentication me, HttpSession session,
            RedirectAttributes redirect) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        if (!(session.getAttribute(ENROLMENT) instanceof String secret)) {
            return "redirect:" + TwoFactorSignIn.ENROL_PAGE;
        }
        var step = Totp.match(secret, code, Totp.step(clock.instant()));
        if (step.isEmpty()) {
            redirect.addFlashAttribute("problem", "admin.twoFactor.wrongCode");
            return "redirect:" + TwoFactorSignIn.ENROL_PAGE;
        }
        var codes = twoFactor.enrol(account.id(), secret, step.getAsLong());
        session.removeAttribute(ENROLMENT);
        audit.record("two-factor.enrol", "account", account.email(), null);
        redirect.addFlashAttribute("recoveryCodes", codes);
        return "redirect:" + TwoFactorSignIn.ENROL_PAGE;
    }

    @PostMapping(TwoFactorSignIn.ENROL_PAGE + "/disable")
    String disable(@RequestParam(defaultValue = "") String code, Authentication me, RedirectAttributes redirect) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        if (!twoFactor.acceptCode(account.id(), code)) {
            redirect.addFlashAttribute("problem", "admin.twoFactor.wrongCode");
            return "redirect:" + TwoFactorSignIn.ENROL_PAGE;
        }
        twoFactor.remove(account.id());
        audit.record("two-factor.disable", "account", account.email(), null);
        redirect.addFlashAttribute("notice", "admin.twoFactor.disabled");
        return "redirect:" + TwoFactorSignIn.ENROL_PAGE;
    }

    @PostMapping("/admin/accounts/{id}/two-factor/reset")
    String reset(@PathVariable long id, RedirectAttributes redirect) {
        var account = accounts.findById(id).orElseThrow(() -> AdminProblem.notFound("account " + id));
        if (twoFactor.remove(id)) {
            audit.record("two-factor.reset", "account", account.email(), null);
        }
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/accounts";
    }

}
