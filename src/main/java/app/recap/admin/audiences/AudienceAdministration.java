package app.recap.admin.audiences;

import java.util.List;

import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.audience.Audience;
import app.recap.audience.AudienceEditor;
import app.recap.audience.AudienceRepository;

/** Adds and edits audiences for the UI and the API, writing each change to the audit log. */
@Service
class AudienceAdministration {

    private final AudienceRepository audiences;
    private final AudienceEditor editor;
    private final AuditLog audit;

    AudienceAdministration(AudienceRepository audiences, AudienceEditor editor, AuditLog audit) {
        this.audiences = audiences;
        this.editor = editor;
        this.audit = audit;
    }

    List<Audience> all() {
        return audiences.findAll();
    }

    Audience get(String slug) {
        return audiences.findBySlug(slug).orElseThrow(() -> AdminProblem.notFound("audience " + slug));
    }

    Audience add(AudienceForm form) {
        if (form.slug() == null || form.slug().isBlank()) {
            throw AdminProblem.invalid("slug", "a slug is required");
        }
        Audience audience = editor.add(form.slug(), form.displayName().strip(), blankToNull(form.description()),
                form.keywords()).orElseThrow(() -> AdminProblem.invalid("slug", "an audience with this slug exists already"));
        audit.record("audience.add", "audience", audience.slug(), audience.displayName());
        return audience;
    }

    Audience update(String slug, AudienceForm form) {
        Audience current = get(slug);
        Audience updated = editor.update(current.id(), form.displayName().strip(), blankToNull(form.description()),
                form.keywords()).orElseThrow();
        audit.record("audience.update", "audience", slug, "name=" + updated.displayName() + " keywords="
                + updated.keywords().size());
        return updated;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
