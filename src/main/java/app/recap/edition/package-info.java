/**
 * Weekly editions: which stories a list's week collected, how they ranked per audience, the frozen snapshot
 * that is sent, and how an edition renders for one audience combination (HTML and plain text with Thymeleaf);
 * also the public archive's editions and its Atom feed ({@code ArchiveFeed}, the one writer of Rome types
 * outside {@code ingest.rome}). Knows nothing of subscribers' addresses or of SMTP.
 */
@ApplicationModule(allowedDependencies = {"audience", "enrichment", "ingest", "lock", "ranking", "story", "subscriber"})
package app.recap.edition;

import org.springframework.modulith.ApplicationModule;
