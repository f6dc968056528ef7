package app.recap.ingest.websub;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * {@code /webhooks/websub/{token}}: the callback hubs call. No session or CSRF token (as every {@code /webhooks}
 * endpoint): the unguessable token names the subscription, and each push proves itself with the subscription's
 * HMAC secret. GET is the verification of intent (200 with the challenge, or 404); POST is content (2xx whenever
 * the subscription exists, even when the signature fails, as the spec asks; 404 for an unknown callback, which
 * tells a hub to stop; 413 over {@code recap.websub.max-body}).
 */
@RestController
@Hidden
class WebSubCallbackController {

    private final WebSubscriptions subscriptions;
    private final WebSubProperties properties;

    WebSubCallbackController(WebSubscriptions subscriptions, WebSubProperties properties) {
        this.subscriptions = subscriptions;
        this.properties = properties;
    }

    @GetMapping(path = WebSubscriptions.CALLBACK_PATH + "{token}", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@PathVariable String token, @RequestParam(name = "hub.mode", required = false) String mode,
            @RequestParam(name = "hub.topic", required = false) String topic,
            @RequestParam(name = "hub.challenge", required = false) String challenge,
            @RequestParam(name = "hub.lease_seconds", required = false) Long leaseSeconds,
            @RequestParam(name = "hub.reason", required = false) String reason) {
        return subscriptions.verify(token, mode, topic, challenge, leaseSeconds, reason)
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(""));
    }

    @PostMapping(WebSubscriptions.CALLBACK_PATH + "{token}")
    ResponseEntity<Void> receive(@PathVariable String token, HttpServletRequest request) throws IOException {
        long limit = properties.maxBody().toBytes();
        if (request.getContentLengthLong() > limit) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        }
        if (body.length > limit) {
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        WebSubscriptions.PushOutcome outcome = subscriptions.receive(token, request.getHeader("X-Hub-Signature"),
                body, request.getContentType());
        return outcome == WebSubscriptions.PushOutcome.UNKNOWN_CALLBACK ? ResponseEntity.notFound().build()
                : ResponseEntity.accepted().build();
    }
}
