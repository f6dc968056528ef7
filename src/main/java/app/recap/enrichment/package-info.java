/**
 * Local enrichment with an embedding model in the jar (all-MiniLM-L6-v2, quantised, run in-process by ONNX
 * Runtime, no network): the ingest job's {@code enrichStories} step embeds every new story once and stores the
 * vectors ({@link app.recap.enrichment.StoryEmbeddings}); for plain items (no {@code recap:} elements) it picks
 * audiences by similarity to each audience's profile and writes an extractive TL;DR through the story module.
 * The weekly job only reads the stored vectors, to join near-duplicates that the word rules miss. The optional LLM
 * ({@code enrichStoriesWithModel}, off by default) replaces plain stories' local enrichment with a chat model's
 * validated answer, cleaned with ingest's feed-text cleaner, and writes what it did on each feed's status through
 * ingest's repository.
 */
@ApplicationModule(allowedDependencies = {"audience", "ingest", "story"})
package app.recap.enrichment;

import org.springframework.modulith.ApplicationModule;
