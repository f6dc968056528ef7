/**
 * Provider webhooks under {@code /webhooks/{provider}}: Amazon SES through SNS, SendGrid, Mailgun and Postmark
 * report bounces and complaints here. Each call is authenticated the way its provider proves it (SNS's RSA
 * signature and signing certificate, SendGrid's ECDSA signature, Mailgun's HMAC, Postmark's basic credentials)
 * before anything is read from it, and is replay-safe: signed timestamps must be recent, proofs that do not cover
 * the body (Mailgun's token) and SNS message ids are accepted once, and every event is stored once under its
 * provider's event id through {@link app.recap.bounce.Bounces#applyReported}. Each provider is off until configured
 * ({@code recap.bounces.webhooks.*}). Internal to the bounce module: nothing outside uses it.
 */
package app.recap.bounce.webhook;
