package app.recap.admin.sending;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import app.recap.admin.AdminPage;
import app.recap.delivery.SendingDomains;

/** Sending domain screen (ADMIN and EDITOR): read-only, the records hold only public keys. */
@Controller
class SendingDomainController implements AdminPage {

    private final SendingDomains domains;

    SendingDomainController(SendingDomains domains) {
        this.domains = domains;
    }

    @GetMapping("/admin/sending")
    String index(Model model) {
        model.addAttribute("signing", domains.signing());
        model.addAttribute("domains", domains.all());
        return "admin/sending";
    }
}
