/**
 * Outgoing webhooks: endpoints an administrator registers with the events they want (subscribed, confirmed,
 * unsubscribed, bounced, complained, edition.sent). The events come from the modules that own them
 * ({@link app.recap.preferences.SignedUp}, {@link app.recap.preferences.SubscriptionConfirmed},
 * {@link app.recap.subscriber.Unsubscribed}, {@link app.recap.subscriber.AddressBounced},
 * {@link app.recap.subscriber.ComplaintReceived}, {@link app.recap.delivery.EditionSent}); each one is written to
 * this module's outbox table in the transaction of what happened, then posted as signed JSON
 * ({@link app.recap.webhook.WebhookSignature}) by a dispatcher that retries with exponential back-off, one attempt
 * at a time per endpoint across the cluster ({@code lock}), and only to addresses the ingest module's
 * request-forgery guard lets through. Writes only the webhook tables.
 */
@ApplicationModule(allowedDependencies = {"delivery", "ingest", "lock", "preferences", "subscriber"})
package app.recap.webhook;

import org.springframework.modulith.ApplicationModule;
