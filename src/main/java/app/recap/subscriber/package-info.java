/**
 * Newsletter lists, subscribers and their subscriptions (with the audiences each subscriber chose, in order),
 * the suppression list, and import and export. A subscriber's own {@link app.recap.subscriber.SubscriberStatus}
 * (enabled, blocklisted, erased) is separate from each subscription's status.
 *
 * <p>This module alone writes the subscriber, subscription, suppression and import tables. Other modules ask
 * it: the sender and bounce handling through {@link app.recap.subscriber.SubscriberSuppression}, the
 * preference center and the admin through the repositories and editors here, and erasure, the admin's and the
 * subscriber's own, through {@link app.recap.subscriber.SubscriberErasure}, which runs every module's
 * {@link app.recap.subscriber.PersonalData}. Knows nothing of editions or mail.
 */
@ApplicationModule(allowedDependencies = {"audience"})
package app.recap.subscriber;

import org.springframework.modulith.ApplicationModule;
