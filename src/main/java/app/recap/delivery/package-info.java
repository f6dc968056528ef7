/**
 * Sending editions: the weekly digest job, the delivery log (one row per edition and subscriber), message
 * composition from per-segment renders, and the SMTP or outbox transport. Jakarta Mail stays in this package.
 */
package app.recap.delivery;
