package app.recap.admin;

import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A request the admin services refuse, with the status and words both the REST API (as a problem document) and
 * the UI (as a message beside the form) show.
 *
 * @see ApiExceptionHandler
 */
public class AdminProblem extends RuntimeException {

    private final HttpStatus status;
    /** field name to message, for input errors; empty otherwise */
    private final Map<String, String> fieldErrors;

    public AdminProblem(HttpStatus status, String message, Map<String, String> fieldErrors) {
        super(message);
        this.status = status;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public static AdminProblem notFound(String what) {
        return new AdminProblem(HttpStatus.NOT_FOUND, what + " not found", Map.of());
    }

    public static AdminProblem conflict(String message) {
        return new AdminProblem(HttpStatus.CONFLICT, message, Map.of());
    }

    public static AdminProblem invalid(String field, String message) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, message, Map.of(field, message));
    }

    static AdminProblem badRequest(String message) {
        return new AdminProblem(HttpStatus.BAD_REQUEST, message, Map.of());
    }

    HttpStatus status() {
        return status;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
