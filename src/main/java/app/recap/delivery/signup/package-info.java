/**
 * The emails of the subscription life cycle (double opt-in confirmation, welcome), sent when the preferences
 * module publishes {@code ConfirmationRequested} or {@code SubscriptionConfirmed}.
 */
package app.recap.delivery.signup;
