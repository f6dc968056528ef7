/**
 * Newsletter lists, subscribers and their subscriptions (with the audiences each subscriber chose, in order).
 * A subscriber's own status (enabled, blocklisted) is separate from each subscription's status.
 */
package app.recap.subscriber;
