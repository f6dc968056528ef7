package app.recap.admin.audiences;

import java.util.List;

import jakarta.validation.Valid;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.audience.Audience;

/** The audience catalogue over REST (ADMIN and EDITOR). */
@AdminApi("/api/audiences")
@Tag(name = "Audiences")
class AudiencesApiController {

    private final AudienceAdministration administration;

    AudiencesApiController(AudienceAdministration administration) {
        this.administration = administration;
    }

    @GetMapping
    List<Audience> all() {
        return administration.all();
    }

    @GetMapping("/{slug}")
    Audience one(@PathVariable String slug) {
        return administration.get(slug);
    }

    @PostMapping
    @Operation(summary = "Add an audience")
    ResponseEntity<Audience> add(@Valid @RequestBody AudienceForm form) {
        Audience audience = administration.add(form);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{slug}")
                .buildAndExpand(audience.slug()).toUri()).body(audience);
    }

    @PutMapping("/{slug}")
    @Operation(summary = "Rename, describe and set the keywords of an audience (its slug stays)")
    Audience update(@PathVariable String slug, @Valid @RequestBody AudienceForm form) {
        return administration.update(slug, form);
    }
}
