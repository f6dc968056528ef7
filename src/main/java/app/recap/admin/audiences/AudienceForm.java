package app.recap.admin.audiences;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An audience as the API and the form send it. The slug is fixed at creation.
 *
 * @param keywords words or phrases that mark a plain feed item as relevant (local enrichment)
 */
record AudienceForm(
        @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,79}", message = "lower-case letters, digits and dashes, up to 80") String slug,
        @NotBlank @Size(max = 200) String displayName,
        @Size(max = 1000) String description,
        List<@Size(max = 100) String> keywords) {

    AudienceForm {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
    }
}
