package app.recap.admin.feeds;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.recap.ingest.StoryIntake;
import tools.jackson.databind.JsonNode;

/**
 * The JSON intake for enriched stories. The body is read as a tree, so one item of the wrong shape is that
 * item's error instead of failing the whole batch.
 */
@RestController
@RequestMapping("/api/stories")
class StoriesApiController {

    private final StoryIntake intake;

    StoriesApiController(StoryIntake intake) {
        this.intake = intake;
    }

    /** 200 when every item was stored; 400 when any was not, with the others stored all the same. */
    @PostMapping
    ResponseEntity<?> submit(@RequestBody JsonNode batch) {
        StoryIntake.Outcome outcome;
        try {
            outcome = intake.submit(batch);
        } catch (IllegalArgumentException invalid) {
            return ResponseEntity.badRequest().body(Map.of("error", invalid.getMessage()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", outcome.accepted());
        body.put("rejected", outcome.rejected());
        return outcome.anyRejected() ? ResponseEntity.badRequest().body(body) : ResponseEntity.ok(body);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.badRequest().body(Map.of("error", "the body is not the JSON this endpoint expects"));
    }
}
