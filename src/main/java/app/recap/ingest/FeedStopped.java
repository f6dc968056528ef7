package app.recap.ingest;

/** A feed was removed or switched off: whatever pushes its content should stop. */
public record FeedStopped(long feedId) {
}
