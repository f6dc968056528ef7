/**
 * The bundled demo: a list, its audiences, subscribers and feeds, loaded at start-up in the {@code demo} profile,
 * followed by an ingest and the weekly job for the demo week. Uses other modules' APIs only; nothing depends on
 * it.
 */
@ApplicationModule(allowedDependencies = {"audience", "delivery", "edition", "enrichment", "ingest", "subscriber"})
package app.recap.demo;

import org.springframework.modulith.ApplicationModule;
