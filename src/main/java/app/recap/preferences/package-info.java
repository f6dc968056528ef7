/**
 * What subscribers reach without logging in: the public sign-up with double opt-in, the confirmation link, the
 * preference center (topics, pause, switch list, resubscribe, data export and erasure), one-click unsubscribe
 * (RFC 8058) and the public archive with its Atom feed. The signed link in an email is the subscriber's key:
 * {@link app.recap.preferences.LinkTokens} makes and checks those links, scoped by purpose, and confirmation
 * links expire.
 *
 * <p>Emails this module needs are asked for with events ({@link app.recap.preferences.ConfirmationRequested},
 * {@link app.recap.preferences.SubscriptionConfirmed}) that the delivery module sends, so preferences never
 * depends on delivery; modules holding personal data implement {@link app.recap.subscriber.PersonalData} so that
 * export and erasure cover them.
 */
@ApplicationModule(allowedDependencies = {"audience", "edition", "subscriber"})
package app.recap.preferences;

import org.springframework.modulith.ApplicationModule;
