/**
 * The Story aggregate: an enriched news item, the audiences it matters to, and the sources that covered it.
 * A story's identity is its normalised URL; seeing it again adds coverage instead of a duplicate. Ingest hands
 * it {@code IncomingStory} records; ranking and editions read stories from here.
 */
@ApplicationModule(allowedDependencies = {"audience"})
package app.recap.story;

import org.springframework.modulith.ApplicationModule;
