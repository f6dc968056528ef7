package app.recap.bounce.webhook;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code POST /webhooks/{provider}}: where SES (through SNS), SendGrid, Mailgun and Postmark report bounces and
 * complaints. No session, cookie or CSRF token: each call carries its provider's own proof, checked before
 * anything is read from it. Answers: 200 when heard (also for a replay, which changes nothing, so that the
 * provider stops retrying), 401 without proof, 403 with a proof that fails or is stale, 404 for a provider that is
 * not configured, 413 over {@code recap.bounces.webhooks.max-body-size}.
 */
@RestController
@RequestMapping("/webhooks")
@Hidden
class ProviderWebhooksController {

    private static final Logger log = LoggerFactory.getLogger(ProviderWebhooksController.class);

    private final WebhookProperties properties;
    private final SesWebhook ses;
    private final SendGridWebhook sendGrid;
    private final MailgunWebhook mailgun;
    private final PostmarkWebhook postmark;

    ProviderWebhooksController(WebhookProperties properties, SesWebhook ses, SendGridWebhook sendGrid, MailgunWebhook mailgun,
            PostmarkWebhook postmark) {
        this.properties = properties;
        this.ses = ses;
        this.sendGrid = sendGrid;
        this.mailgun = mailgun;
        this.postmark = postmark;
    }

    @PostMapping("/ses")
    Heard ses(HttpServletRequest request) throws IOException {
        return ses.receive(request.getHeader("x-amz-sns-message-type"), body(request));
    }

    @PostMapping("/sendgrid")
    Heard sendGrid(HttpServletRequest request) throws IOException {
        return sendGrid.receive(request.getHeader(SendGridWebhook.SIGNATURE), request.getHeader(SendGridWebhook.TIMESTAMP),
                body(request));
    }

    @PostMapping("/mailgun")
    Heard mailgun(HttpServletRequest request) throws IOException {
        return mailgun.receive(body(request));
    }

    @PostMapping("/postmark")
    Heard postmark(HttpServletRequest request) throws IOException {
        return postmark.receive(request.getHeader(HttpHeaders.AUTHORIZATION), body(request));
    }

    /** The raw bytes, as signed: read here rather than bound, so nothing is decoded or re-encoded first. */
    private byte[] body(HttpServletRequest request) throws IOException {
        long max = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            throw new WebhookRefused(HttpStatus.CONTENT_TOO_LARGE, "at most " + max + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (body.length > max) {
                throw new WebhookRefused(HttpStatus.CONTENT_TOO_LARGE, "at most " + max + " bytes");
            }
            return body;
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> refused(WebhookRefused refused, HttpServletRequest request) {
        log.warn("webhook {} refused ({}): {}", request.getRequestURI(), refused.status().value(), refused.getMessage());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refused.status());
        if (refused.status() == HttpStatus.UNAUTHORIZED && request.getRequestURI().endsWith("/postmark")) {
            answer.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"recap webhooks\"");
        }
        return answer.body(ProblemDetail.forStatusAndDetail(refused.status(), refused.getMessage()));
    }
}
