/**
 * Click tracking: the signed {@code /r/{token}} story links of sent digests, the redirect that counts a click and
 * sends the reader to the stored story, the rules that tell link scanners from readers, the optional open pixel,
 * each edition's report, and the reading history the ranking learns from (implementing
 * {@link app.recap.ranking.ReadingHistory}). Writes only its own table {@code tracking_event}; a list's mode
 * ({@code off}, {@code anonymous}, {@code subscriber}) is the subscriber module's list column. The delivery module
 * composes messages with {@link app.recap.tracking.TrackedLinks} and tells this module an edition's send figures
 * through {@link app.recap.tracking.EditionSends}.
 */
@ApplicationModule(allowedDependencies = {"audience", "edition", "preferences", "ranking", "story", "subscriber"})
package app.recap.tracking;

import org.springframework.modulith.ApplicationModule;
