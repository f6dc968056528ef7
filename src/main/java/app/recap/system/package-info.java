/**
 * Cross-cutting setup: the application clock and the security filter chains (API, admin UI, public pages), which
 * take their authentication pieces from the admin module. Nothing depends on this package.
 */
@ApplicationModule(allowedDependencies = {"admin"})
package app.recap.system;

import org.springframework.modulith.ApplicationModule;
