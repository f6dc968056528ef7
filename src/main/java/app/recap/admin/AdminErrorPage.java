package app.recap.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.ModelAndView;

/**
 * The admin's own error page, for a refused request ({@link AdminProblem}) and for every error the server answers
 * under {@code /admin/} (an unknown path, an id or paging cursor that is not a number, a screen an editor may not
 * open, a fault of ours). Each says what happened in words and links to where the admin can carry on; a 5xx never
 * says more than that the fault is ours.
 */
public final class AdminErrorPage {

    /** A link the page offers as the next step; {@code label} is a message key. */
    public record Next(String href, String label) {
    }

    /** The screens whose path prefix leads back to their list, in the order the menu shows them. */
    private static final Map<String, String> SECTIONS = Map.ofEntries(
            Map.entry("lists", "admin.nav.lists"), Map.entry("subscribers", "admin.nav.subscribers"),
            Map.entry("imports", "admin.nav.imports"), Map.entry("suppressions", "admin.nav.suppressions"),
            Map.entry("feeds", "admin.nav.feeds"), Map.entry("audiences", "admin.nav.audiences"),
            Map.entry("editions", "admin.nav.editions"), Map.entry("accounts", "admin.nav.accounts"),
            Map.entry("webhooks", "admin.nav.webhooks"), Map.entry("tokens", "admin.nav.tokens"),
            Map.entry("audit", "admin.nav.audit"), Map.entry("sending", "admin.nav.sending"));

    private AdminErrorPage() {
    }

    /**
     * The page for {@code status} met at {@code path} (the path inside the application, without query).
     *
     * @param message what was wrong with the request, in words; shown for 4xx only, may be null
     */
    public static ModelAndView of(HttpStatus status, String path, String message) {
        ModelAndView page = new ModelAndView("admin/error", status);
        page.addObject("status", status.value());
        page.addObject("kind", kind(status));
        page.addObject("message", status.is4xxClientError() && message != null && !message.isBlank() ? message : null);
        page.addObject("next", next(status, path));
        page.addObject("me", AdminModel.current());
        return page;
    }

    private static String kind(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "notFound";
            case FORBIDDEN -> "forbidden";
            case CONFLICT -> "conflict";
            case TOO_MANY_REQUESTS -> "tooMany";
            case CONTENT_TOO_LARGE -> "tooLarge";
            default -> status.is5xxServerError() ? "server" : "badRequest";
        };
    }

    private static List<Next> next(HttpStatus status, String path) {
        List<Next> next = new ArrayList<>();
        String[] parts = path == null ? new String[0] : path.replaceFirst("^/", "").split("/");
        String section = parts.length > 1 && "admin".equals(parts[0]) ? parts[1] : null;
        if (status.is5xxServerError() || status == HttpStatus.TOO_MANY_REQUESTS) {
            next.add(new Next(path, "admin.error.next.again"));
        } else if (status == HttpStatus.BAD_REQUEST && parts.length == 2 && SECTIONS.containsKey(section)) {
            // a screen with a query it could not read (a paging cursor, a filter): the same screen without it
            next.add(new Next("/admin/" + section, "admin.error.next.firstPage"));
        }
        if (SECTIONS.containsKey(section) && !(status == HttpStatus.BAD_REQUEST && parts.length == 2)) {
            next.add(new Next("/admin/" + section, SECTIONS.get(section)));
        }
        next.add(new Next("/admin", "admin.error.next.overview"));
        return next;
    }
}
