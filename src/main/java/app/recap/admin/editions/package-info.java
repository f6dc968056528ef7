/**
 * Editions: previews for any audience combination, starting and resuming weekly runs, their history, and the
 * ranking explanation API.
 */
package app.recap.admin.editions;
