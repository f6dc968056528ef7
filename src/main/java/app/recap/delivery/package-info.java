/**
 * Sending editions. The root package is what other modules use: {@link app.recap.delivery.WeeklyDigest} starts
 * or resumes a list's weekly run, {@link app.recap.delivery.TestMessages} sends one edition to one address, and
 * the delivery log ({@link app.recap.delivery.DeliveryRepository}, one row per edition and subscriber, with its
 * {@link app.recap.delivery.DeliveryStatus}) says what was sent; {@link app.recap.delivery.SendingDomains} lists
 * the DNS records (DKIM, SPF, DMARC) each From domain should publish. Beside them sit the weekly digest job, its
 * scheduler and its partitioner. The parts are internal: {@code send} (the send step's reader and writer),
 * {@code message} (composing each message from per-segment renders), {@code smtp} (the relay or outbox
 * transport, TLS included), {@code dkim} (the DKIM signature every message carries), {@code cluster} (remote
 * partitioning over JMS) and {@code signup} (confirmation and welcome mail). Jakarta Mail stays in this module. Story links of lists that track clicks come from
 * {@code tracking}, which hears an edition's send figures back through {@code tracking.EditionSends}.
 */
@ApplicationModule(allowedDependencies = {"audience", "edition", "lock", "preferences", "subscriber", "tracking"})
package app.recap.delivery;

import org.springframework.modulith.ApplicationModule;
