/**
 * The admin web UI ({@code /admin}) and REST API ({@code /api}) for lists, subscribers, audiences, feeds and
 * editions, one sub-package per feature holding its screen, its API controller and the service both share; the
 * root holds what every feature uses (the problem type, the audit log, the page model) and the pieces the
 * security filter chains take ({@link app.recap.admin.AdminSecurity}). On top of the module map: only
 * {@code system} depends on it.
 */
@ApplicationModule(allowedDependencies = {"audience", "bounce", "delivery", "edition", "ingest", "preferences", "ranking",
        "story", "subscriber", "tracking", "webhook"})
package app.recap.admin;

import org.springframework.modulith.ApplicationModule;
