package app.recap.admin;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import app.recap.admin.accounts.Role;

/**
 * What every admin page's header needs (who is signed in, and whether they may see the ADMIN-only screens), and
 * the error page for a refused request.
 */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminModel {

    record Me(String email, String role, boolean admin) {
    }

    @ExceptionHandler(AdminProblem.class)
    ModelAndView problem(AdminProblem problem, HttpServletResponse response) {
        response.setStatus(problem.status().value());
        ModelAndView page = new ModelAndView("admin/error", problem.status());
        page.addObject("message", problem.getMessage());
        page.addObject("me", me());
        return page;
    }

    @ModelAttribute("me")
    Me me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getAuthorities().isEmpty()
                || "anonymousUser".equals(auth.getPrincipal())) {
            return null;
        }
        boolean admin = auth.getAuthorities().stream().anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
        return new Me(auth.getName(), admin ? Role.ADMIN.name() : Role.EDITOR.name(), admin);
    }
}
