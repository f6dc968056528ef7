package app.recap.admin.editions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.audience.Audience;

/** Edition previews, test sends, "run now" and job history over REST. Sending an edition needs ADMIN. */
@AdminApi("/api/lists/{slug}")
@Tag(name = "Editions")
class ListEditionsApiController {

    private final EditionPreview previews;
    private final EditionRuns runs;

    ListEditionsApiController(EditionPreview previews, EditionRuns runs) {
        this.previews = previews;
        this.runs = runs;
    }

    @GetMapping("/preview")
    @Operation(summary = "The coming (or given) week's edition for an audience combination, as the email renders it")
    PreviewView preview(@PathVariable String slug, @RequestParam(required = false) String week,
            @RequestParam(required = false) List<String> audiences) {
        var p = previews.preview(slug, week, audiences);
        return new PreviewView(p.list().slug(), p.week().toString(), p.edition().status().name(),
                p.audiences().stream().map(Audience::slug).toList(), p.digest().subject(), p.digest().html(),
                p.digest().text(), p.digest().storyCount(), p.sections());
    }

    @PostMapping("/preview/test")
    @Operation(summary = "Send the previewed edition to one address")
    Map<String, String> test(@PathVariable String slug, @Valid @RequestBody TestRequest body) {
        String messageId = previews.sendTest(slug, body.week(), body.audiences(), body.to());
        return Map.of("messageId", messageId, "to", body.to());
    }

    @PostMapping("/editions/{week}/run")
    @Operation(summary = "Send (or resume sending) this list's edition for the week now, in the background: 202 when a"
            + " run starts, 409 with the reason when it would send nothing (already sent, being sent, a thin week)")
    ResponseEntity<Map<String, Object>> run(@PathVariable String slug, @PathVariable String week) {
        EditionRuns.RunPlan plan = runs.runNow(slug, week);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("list", plan.list());
        body.put("week", plan.week());
        body.put("run", plan.kind().name());
        body.put("reach", plan.reach());
        body.put("stories", plan.stories());
        body.put("progress", "/api/editions/" + plan.list() + "/" + plan.week() + "/progress");
        body.put("history", "/api/lists/" + plan.list() + "/editions");
        return ResponseEntity.accepted().body(body);
    }

    @GetMapping("/editions")
    @Operation(summary = "The latest runs of the weekly job for this list, with delivery counts per edition")
    List<EditionRuns.RunView> history(@PathVariable String slug, @RequestParam(defaultValue = "20") int limit) {
        return runs.history(slug, Math.max(1, Math.min(limit, 200)));
    }

    record PreviewView(String list, String week, String editionStatus, List<String> audiences, String subject,
            String html, String text, int storyCount, List<EditionPreview.Section> sections) {
    }

    /** @param week null for the coming week; @param audiences null for all the list offers */
    record TestRequest(@NotBlank String to, String week, List<String> audiences) {
    }
}
