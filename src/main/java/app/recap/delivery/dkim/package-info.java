/**
 * DKIM signing (RFC 6376, relaxed/relaxed; rsa-sha256 and, with a second key, ed25519-sha256 per RFC 8463) of
 * every message Recap sends. {@link app.recap.delivery.dkim.DkimSigner} signs the exact header lines and body
 * bytes the transport is about to write, so the pre-encoded digest path keeps its speed; keys are PEM PKCS#8
 * files ({@code recap.dkim.*}), signed with Amazon Corretto Crypto Provider when its native library loads and
 * with the JDK's providers otherwise. {@link app.recap.delivery.dkim.SendingDomain} describes the DNS records
 * an operator publishes.
 */
package app.recap.delivery.dkim;
