/**
 * Feed sources and ingestion: fetching feeds, parsing them with Rome (whose types stay in {@code ingest.rome}),
 * cleaning and normalising what they carry, and enriching plain items locally. Hands {@code IncomingStory}
 * records to the story module.
 */
package app.recap.ingest;
