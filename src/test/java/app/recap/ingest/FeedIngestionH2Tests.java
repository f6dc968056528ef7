package app.recap.ingest;

/** Ingestion end to end on the embedded default database, H2. */
class FeedIngestionH2Tests extends FeedIngestionTestBase {
}
