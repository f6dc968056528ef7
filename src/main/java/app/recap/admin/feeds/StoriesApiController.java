package app.recap.admin.feeds;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import app.recap.admin.AdminApi;
import app.recap.ingest.StoryIntake;
import tools.jackson.databind.JsonNode;

/**
 * The JSON intake for enriched stories. The body is read as a tree, so one item of the wrong shape is that
 * item's error instead of failing the whole batch.
 */
@AdminApi("/api/stories")
class StoriesApiController {

    private final StoryIntake intake;

    StoriesApiController(StoryIntake intake) {
        this.intake = intake;
    }

    /**
     * 200 when every item was stored; when any was not, a 400 problem document that carries the same
     * {@code accepted} and {@code rejected} members, the accepted items stored all the same. A body that is not a
     * JSON array is a 400 problem without them ({@code app.recap.admin.ApiExceptionHandler}).
     */
    @PostMapping
    ResponseEntity<?> submit(@RequestBody JsonNode batch) {
        StoryIntake.Outcome outcome = intake.submit(batch);
        if (outcome.anyRejected()) {
            int items = outcome.accepted().size() + outcome.rejected().size();
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                    outcome.rejected().size() + " of " + items + " stories were rejected; the others were stored.");
            problem.setTitle("Stories rejected");
            problem.setType(URI.create("urn:recap:problem:stories-rejected"));
            problem.setProperty("accepted", outcome.accepted());
            problem.setProperty("rejected", outcome.rejected());
            return ResponseEntity.badRequest().body(problem);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accepted", outcome.accepted());
        body.put("rejected", outcome.rejected());
        return ResponseEntity.ok(body);
    }
}
