/**
 * Admin REST API and (to come) web UI for lists, subscribers, feeds and editions. Nothing depends on it.
 */
package app.recap.admin;
