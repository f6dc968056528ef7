package app.recap.system;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import app.recap.admin.AdminErrorPage;

/**
 * Every error the server answers outside a controller's own handling (a refused request, an unknown address, an
 * exception no one handled) as a friendly page, or as an RFC 9457 problem document for the REST API, the actuator,
 * webhooks and clients that ask for JSON. Takes the place of Spring Boot's Whitelabel page. Reached directly,
 * {@code /error} is just an address with nothing at it (404). Only 4xx answers show their reason; a 5xx never
 * says more than that the fault is ours. Under {@code /admin/} the page is the admin's own ({@link AdminErrorPage}), with
 * the menu and a way back to the screen the address belongs to.
 */
@Controller
class ErrorPages implements ErrorController {

    private static final List<String> SCRIPTED = List.of("/api/", "/actuator", "/webhooks/");

    private final MessageSource messages;

    ErrorPages(MessageSource messages) {
        this.messages = messages;
    }

    @RequestMapping("${server.error.path:/error}")
    Object error(HttpServletRequest request, Locale locale) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c && HttpStatus.resolve(c) != null ? HttpStatus.resolve(c)
                : code == null ? HttpStatus.NOT_FOUND : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String u ? u.substring(Math.min(u.length(), request.getContextPath().length()))
                : request.getRequestURI();
        String detail = detail(request, status, locale);
        if (scripted(path, request.getHeader(HttpHeaders.ACCEPT))) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
            problem.setInstance(java.net.URI.create(path.replaceFirst("^/([upcro])/[^/]+", "/$1/...")));
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            return AdminErrorPage.of(status, path, status == HttpStatus.NOT_FOUND ? null : reason(message, status));
        }
        return new ModelAndView("public/error", Map.of("status", status.value(),
                "title", messages.getMessage(titleKey(status), null, status.getReasonPhrase(), locale),
                "detail", detail, "next", messages.getMessage(nextKey(status), null, "", locale)), status);
    }

    private String detail(HttpServletRequest request, HttpStatus status, Locale locale) {
        if (status.is5xxServerError()) {
            return messages.getMessage("public.error.server", null, locale);
        }
        if (status == HttpStatus.NOT_FOUND) {
            return messages.getMessage("public.notFound.body", null, locale);
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String m && !m.isBlank() ? m
                : messages.getMessage("public.error.request", null, locale);
    }

    /** The container's message when it says something beyond the status line, else null. */
    private static String reason(Object message, HttpStatus status) {
        return message instanceof String m && !m.isBlank() && !m.equalsIgnoreCase(status.getReasonPhrase()) ? m : null;
    }

    /** What a reader can do about it, in one sentence. */
    private static String nextKey(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "public.error.next.notFound";
            case FORBIDDEN -> "public.error.next.forbidden";
            case TOO_MANY_REQUESTS -> "public.error.next.tooMany";
            case CONTENT_TOO_LARGE -> "public.error.next.tooLarge";
            default -> status.is5xxServerError() ? "public.error.next.server" : "public.error.next.request";
        };
    }

    private static String titleKey(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "public.notFound.title";
            case FORBIDDEN -> "public.error.forbidden";
            case TOO_MANY_REQUESTS -> "public.error.tooMany";
            case CONTENT_TOO_LARGE -> "public.error.tooLarge";
            default -> status.is5xxServerError() ? "public.error.serverTitle" : "public.error.title";
        };
    }

    private static boolean scripted(String path, String accept) {
        if (SCRIPTED.stream().anyMatch(path::startsWith)) {
            return true;
        }
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            boolean html = types.stream().anyMatch(t -> t.includes(MediaType.TEXT_HTML) && !t.isWildcardType());
            boolean json = types.stream().anyMatch(t -> MediaType.APPLICATION_JSON.isCompatibleWith(t)
                    && !t.isWildcardType() || MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(t) && !t.isWildcardType());
            return json && !html;
        } catch (org.springframework.util.InvalidMimeTypeException | org.springframework.http.InvalidMediaTypeException e) {
            return false;
        }
    }
}
