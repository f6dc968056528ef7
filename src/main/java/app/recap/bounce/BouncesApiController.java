package app.recap.bounce;

import java.util.List;

import jakarta.mail.MessagingException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Bounces over REST (ADMIN, or an API token): one raw message per {@code POST}, as an MTA's pipe hands it over
 * ({@code | curl --data-binary @- -H 'Content-Type: message/rfc822' ...}), and the bounce log.
 */
@RestController
@RequestMapping("/api/bounces")
@Tag(name = "Bounces")
class BouncesApiController {

    /** Larger than any bounce with its returned copy; a digest is about 50 KB. */
    private static final int MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

    /** One event as the API shows it; {@code type} is hard, soft, complaint or auto-reply. */
    record Event(String recipient, String type, String status, String reason, String diagnostic, Long subscriberId,
            Long deliveryId) {

        static Event of(BounceEvent e) {
            return new Event(e.recipient(), e.type().label(), e.status(), e.reason(), e.diagnostic(), e.subscriberId(),
                    e.deliveryId());
        }
    }

    record Answer(boolean bounce, List<Event> events, boolean applied) {
    }

    private final Bounces bounces;
    private final BounceMailbox mailbox;

    BouncesApiController(Bounces bounces, BounceMailbox mailbox) {
        this.bounces = bounces;
        this.mailbox = mailbox;
    }

    @GetMapping("/editions/{editionId}")
    @Operation(summary = "An edition's deliveries by status and its bounces, complaints and auto-replies by type")
    java.util.Map<String, Long> edition(@org.springframework.web.bind.annotation.PathVariable long editionId) {
        return bounces.editionCounts(editionId);
    }

    @GetMapping("/lists/{listId}/rates")
    @Operation(summary = "A list's bounce and complaint rates over the last days, against the 2% and 0.3% lines")
    Bounces.ListRates rates(@org.springframework.web.bind.annotation.PathVariable long listId,
            @RequestParam(defaultValue = "30") int days) {
        if (days < 1 || days > 365) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "days: between 1 and 365");
        }
        return bounces.listRates(listId, days);
    }

    @GetMapping("/mailbox")
    @Operation(summary = "What the last poll of the bounce mailbox did, with the messages it kept because they failed")
    ResponseEntity<BounceMailbox.Poll> lastPoll() {
        BounceMailbox.Poll poll = mailbox.lastPoll();
        return poll == null ? ResponseEntity.noContent().build() : ResponseEntity.ok(poll);
    }

    @PostMapping(consumes = "message/rfc822")
    @Operation(summary = "Read one raw message (a bounce, a feedback report, an auto-reply) and apply it;"
            + " dry-run=true only reads it")
    ResponseEntity<?> post(@RequestBody(required = false) byte[] body,
            @RequestParam(name = "dry-run", defaultValue = "false") boolean dryRun) {
        if (body == null || body.length == 0) {
            return problem(HttpStatus.BAD_REQUEST, "the body is empty: expected one RFC 5322 message");
        }
        if (body.length > MAX_MESSAGE_BYTES) {
            return problem(HttpStatus.CONTENT_TOO_LARGE, "a message of at most " + MAX_MESSAGE_BYTES + " bytes");
        }
        try {
            Bounces.Outcome outcome = bounces.process(body, BounceSource.API, dryRun);
            return ResponseEntity.ok(new Answer(outcome.bounce(), outcome.events().stream().map(Event::of).toList(),
                    outcome.applied()));
        } catch (MessagingException notAMessage) {
            return problem(HttpStatus.BAD_REQUEST, "not an RFC 5322 message: " + notAMessage.getMessage());
        }
    }

    @GetMapping
    @Operation(summary = "The bounce log, newest first; filter by type, list, edition or subscriber; pass the last id"
            + " as before for the next page")
    List<LoggedBounce> list(@RequestParam(required = false) String type, @RequestParam(required = false) Long list,
            @RequestParam(required = false) Long edition, @RequestParam(required = false) Long subscriber,
            @RequestParam(required = false) Long before, @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > 1000) {
            throw new org.springframework.web.server.ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "size: between 1 and 1000");
        }
        BounceType t = null;
        if (type != null && !type.isBlank()) {
            t = java.util.Arrays.stream(BounceType.values()).filter(v -> v.label().equals(type.strip()))
                    .findFirst().orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                            HttpStatus.BAD_REQUEST, "type: hard, soft, complaint or auto-reply"));
        }
        return bounces.list(t, list, edition, subscriber, before, size);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
