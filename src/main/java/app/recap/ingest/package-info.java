/**
 * Feed sources and ingestion: the hourly ingest job and "fetch now" ({@code FeedService}, {@code IngestRuns}),
 * fetching over HTTP behind the request-forgery guard, parsing with Rome (whose types, and JDOM's, stay in
 * {@code ingest.rome}), cleaning what feeds and the JSON intake ({@code StoryIntake}) carry into plain, repaired
 * text and normalised http(s) URLs, enriching plain items locally, and recording each feed's fetch status in words.
 * Newsletter sources ({@code Newsletters}, {@code ingest.newsletter}) are read from a mailbox through the mailbox
 * module and become stories the same way. Hands {@code IncomingStory} records to the story module.
 */
@ApplicationModule(allowedDependencies = {"audience", "lock", "mailbox", "story"})
package app.recap.ingest;

import org.springframework.modulith.ApplicationModule;
