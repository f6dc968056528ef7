package app.recap.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UrlPathHelper;

import app.recap.admin.accounts.Role;

/**
 * What every admin page's header needs (who is signed in, and whether they may see the ADMIN-only screens), and
 * the error page for a refused request or an address whose id or cursor is not a number.
 */
@ControllerAdvice(assignableTypes = AdminPage.class)
class AdminModel {

    record Me(String email, String role, boolean admin) {
    }

    @ExceptionHandler(AdminProblem.class)
    ModelAndView problem(AdminProblem problem, HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(problem.status().value());
        return AdminErrorPage.of(problem.status(), UrlPathHelper.defaultInstance.getPathWithinApplication(request),
                problem.getMessage());
    }

    /** An id or paging cursor in the address that is not a number: the admin's mistake (or a stale link), a 400. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView unreadable(MethodArgumentTypeMismatchException e, HttpServletRequest request,
            HttpServletResponse response) {
        response.setStatus(HttpStatus.BAD_REQUEST.value());
        String value = String.valueOf(e.getValue());
        return AdminErrorPage.of(HttpStatus.BAD_REQUEST, UrlPathHelper.defaultInstance.getPathWithinApplication(request),
                "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\" is not a valid "
                        + e.getName() + ".");
    }

    @ModelAttribute("me")
    Me me() {
        return current();
    }

    /** The signed-in account, or null before sign-in. */
    static Me current() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth.getAuthorities().isEmpty()
                || "anonymousUser".equals(auth.getPrincipal())) {
            return null;
        }
        boolean admin = auth.getAuthorities().stream().anyMatch(a -> Role.ADMIN.authority().equals(a.getAuthority()));
        return new Me(auth.getName(), admin ? Role.ADMIN.name() : Role.EDITOR.name(), admin);
    }
}
