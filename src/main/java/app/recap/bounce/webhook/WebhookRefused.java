package app.recap.bounce.webhook;

import org.springframework.http.HttpStatus;

/** A call that is not heard: its status says why (401 no proof, 403 a proof that fails, 404 provider off). */
class WebhookRefused extends RuntimeException {

    private final HttpStatus status;

    WebhookRefused(HttpStatus status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }

    static WebhookRefused unsigned(String reason) {
        return new WebhookRefused(HttpStatus.UNAUTHORIZED, reason);
    }

    static WebhookRefused forged(String reason) {
        return new WebhookRefused(HttpStatus.FORBIDDEN, reason);
    }

    static WebhookRefused off(String provider) {
        return new WebhookRefused(HttpStatus.NOT_FOUND, provider + " webhook is not configured");
    }

    static WebhookRefused malformed(String reason) {
        return new WebhookRefused(HttpStatus.BAD_REQUEST, reason);
    }
}
