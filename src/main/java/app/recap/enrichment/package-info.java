/**
 * Local enrichment with an embedding model in the jar (all-MiniLM-L6-v2, quantised, run in-process by ONNX
 * Runtime, no network): the ingest job's {@code enrichStories} step embeds every new story once and stores the
 * vectors ({@link app.recap.enrichment.StoryEmbeddings}); for plain items (no {@code recap:} elements) it picks
 * audiences by similarity to each audience's profile and writes an extractive TL;DR through the story module.
 * The weekly job only reads the stored vectors, to join near-duplicates that the word rules miss.
 */
@ApplicationModule(allowedDependencies = {"audience", "story"})
package app.recap.enrichment;

import org.springframework.modulith.ApplicationModule;
