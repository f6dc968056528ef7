/**
 * Outgoing webhooks: endpoints an administrator registers with the events they want (subscribed, confirmed,
 * unsubscribed, bounced, complained, edition.sent). The events come from the modules that own them; each one is
 * written to an outbox table in the transaction of what happened, then posted as signed JSON by a dispatcher that
 * retries with exponential back-off, one attempt at a time per endpoint across the cluster, and only to addresses
 * the ingest module's request-forgery guard lets through.
 */
package app.recap.webhook;
