package app.recap.admin.accounts;

import java.util.Locale;

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
import app.recap.subscriber.EmailAddresses;

/** Accounts (ADMIN), everyone's own API tokens, and the audit log (ADMIN). */
@Controller
class AccountsController implements AdminPage {

    static final int AUDIT_PAGE = 100;

    private final AdminAccounts accounts;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final EmailAddresses addresses;
    private final TwoFactor twoFactor;

    AccountsController(AdminAccounts accounts, ApiTokens tokens, AuditLog audit, EmailAddresses addresses,
            TwoFactor twoFactor) {
        this.twoFactor = twoFactor;
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = audit;
        this.addresses = addresses;
    }

    @GetMapping("/admin/accounts")
    String accounts(Model model) {
        model.addAttribute("accounts", accounts.findAll());
        model.addAttribute("roles", Role.values());
        model.addAttribute("twoFactor", java.util.Set.copyOf(twoFactor.enrolledAccounts()));
        return "admin/accounts";
    }

    @PostMapping("/admin/accounts")
    String add(@RequestParam String email, @RequestParam String password, @RequestParam Role role,
            RedirectAttributes redirect) {
        if (!addresses.isValid(email)) {
            redirect.addFlashAttribute("problem", "admin.accounts.invalidEmail");
        } else if (password.length() < AdminAccounts.MIN_PASSWORD_LENGTH) {
            redirect.addFlashAttribute("problem", "admin.accounts.passwordTooShort");
            redirect.addFlashAttribute("problemArg", AdminAccounts.MIN_PASSWORD_LENGTH);
        } else if (accounts.create(email, password, role).isEmpty()) {
            redirect.addFlashAttribute("problem", "admin.accounts.exists");
        } else {
            audit.record("account.create", "account", email.strip().toLowerCase(Locale.ROOT), role.name());
            redirect.addFlashAttribute("notice", "admin.saved");
        }
        return "redirect:/admin/accounts";
    }

    @PostMapping("/admin/accounts/{id}")
    String update(@PathVariable long id, @RequestParam Role role, @RequestParam(defaultValue = "false") boolean enabled,
            Authentication me, RedirectAttributes redirect) {
        var account = accounts.findById(id).orElseThrow(() -> AdminProblem.notFound("account " + id));
        if (account.email().equals(me.getName()) && (role != Role.ADMIN || !enabled)) {
            redirect.addFlashAttribute("problem", "admin.accounts.notYourself");
            return "redirect:/admin/accounts";
        }
        accounts.update(id, role, enabled);
        audit.record("account.update", "account", account.email(), "role=" + role + " enabled=" + enabled);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/accounts";
    }

    @GetMapping("/admin/tokens")
    String tokens(Authentication me, Model model) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        model.addAttribute("tokens", tokens.forAccount(account.id()));
        return "admin/tokens";
    }

    @PostMapping("/admin/tokens")
    String createToken(@RequestParam String name, Authentication me, RedirectAttributes redirect) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        String label = name.isBlank() ? "token" : name.strip();
        var created = tokens.create(account.id(), label.length() > 100 ? label.substring(0, 100) : label);
        audit.record("token.create", "account", account.email(), "token " + created.token().id() + " " + label);
        redirect.addFlashAttribute("secret", created.secret());
        return "redirect:/admin/tokens";
    }

    @PostMapping("/admin/tokens/{id}/revoke")
    String revoke(@PathVariable long id, Authentication me, RedirectAttributes redirect) {
        var account = accounts.findByEmail(me.getName()).orElseThrow(() -> AdminProblem.notFound("account"));
        if (!tokens.revoke(account.id(), id)) {
            throw AdminProblem.notFound("token " + id);
        }
        audit.record("token.revoke", "account", account.email(), "token " + id);
        redirect.addFlashAttribute("notice", "admin.saved");
        return "redirect:/admin/tokens";
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) Long before, @RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String type,
            @RequestParam(required = false) String target, Model model) {
        var filter = new AuditLog.Filter(actor, action, type, target);
        var entries = audit.recent(filter, before, AUDIT_PAGE);
        model.addAttribute("entries", entries);
        model.addAttribute("filter", filter);
        model.addAttribute("before", before);
        model.addAttribute("older", entries.size() == AUDIT_PAGE ? entries.get(AUDIT_PAGE - 1).id() : null);
        return "admin/audit";
    }
}
