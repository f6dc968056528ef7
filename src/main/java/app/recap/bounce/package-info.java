/**
 * Hearing what happens after the relay's {@code 250}: bounces, complaints and auto-replies. One classifier
 * ({@link app.recap.bounce.BounceClassifier}) reads synchronous SMTP refusals, RFC 3464 delivery status
 * notifications, RFC 5965 feedback reports and the free-text bounces of real MTAs; the bounce log stores each event
 * once; what an event does to a subscriber is asked of the subscriber module, and the delivery it answers is marked
 * by the delivery module; the edition reports (tracking) take their bounced and complaint figures from the log
 * through {@code tracking.EditionBounces}. Bounces come in through {@code POST /api/bounces}, a polled mailbox and
 * provider webhooks ({@code app.recap.bounce.webhook}), each a {@link app.recap.bounce.BounceSource}.
 */
@ApplicationModule(allowedDependencies = {"delivery", "lock", "mailbox", "preferences", "subscriber", "tracking"})
package app.recap.bounce;

import org.springframework.modulith.ApplicationModule;
