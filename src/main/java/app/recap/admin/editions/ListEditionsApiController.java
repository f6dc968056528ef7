package app.recap.admin.editions;

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
    @Operation(summary = "Run (or resume) the weekly job for this list and week now, in the background")
    ResponseEntity<Map<String, String>> run(@PathVariable String slug, @PathVariable String week) {
        runs.runNow(slug, week);
        return ResponseEntity.accepted().body(Map.of("list", slug, "week", week, "history",
                "/api/lists/" + slug + "/editions"));
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
