/**
 * Reading newsletters as sources: who may send to a newsletter source ({@code SenderCheck}), what an ESP's tracking
 * link points at ({@code TrackingLinks}), and how a newsletter's HTML becomes items ({@code NewsletterReader}): one per
 * linked article in a list-of-links issue, one for the whole issue (its view-online link) in an essay. Items come out
 * as the ingest module's {@code ParsedItem}s and are cleaned and stored by the module root like a feed's.
 */
package app.recap.ingest.newsletter;
