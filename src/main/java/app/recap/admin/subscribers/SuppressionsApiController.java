package app.recap.admin.subscribers;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import app.recap.admin.AdminApi;
import app.recap.admin.AdminProblem;
import app.recap.subscriber.Suppressions;

/** The suppression list over REST (ADMIN only): addresses never mailed again, with reasons. */
@AdminApi("/api/suppressions")
@Tag(name = "Suppressions")
class SuppressionsApiController {

    private final Suppressions suppressions;
    private final SubscriberAdministration administration;

    SuppressionsApiController(Suppressions suppressions, SubscriberAdministration administration) {
        this.suppressions = suppressions;
        this.administration = administration;
    }

    @GetMapping
    @Operation(summary = "Suppressed addresses in address order; pass the last address as after for the next page")
    List<Suppressions.Suppression> list(@RequestParam(required = false) String after,
            @RequestParam(defaultValue = "100") int size) {
        if (size < 1 || size > 1000) {
            throw AdminProblem.invalid("size", "between 1 and 1000");
        }
        return suppressions.list(after, size);
    }

    @PostMapping
    @Operation(summary = "Suppress an address (its subscriber, if any, is blocklisted)")
    ResponseEntity<Suppressions.Suppression> add(@Valid @RequestBody Request body) {
        boolean added = administration.suppress(body.email(), body.reason());
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
                .body(suppressions.find(body.email()).orElseThrow());
    }

    @DeleteMapping("/{email}")
    @Operation(summary = "Lift a suppression (its subscriber, if any, is enabled again)")
    ResponseEntity<Void> remove(@PathVariable String email) {
        administration.unsuppress(email);
        return ResponseEntity.noContent().build();
    }

    record Request(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 500) String reason) {
    }
}
