/**
 * The bundled demo: a list, its audiences, subscribers and feeds, loaded at start-up in the {@code demo} profile,
 * followed by an ingest and the weekly job for the demo week.
 */
package app.recap.demo;
