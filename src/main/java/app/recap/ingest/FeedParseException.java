package app.recap.ingest;

/** A feed could not be fetched or read; the message is meant for the admin who added the feed. */
public class FeedParseException extends Exception {

    public FeedParseException(String message, Throwable cause) {
        super(message, cause);
    }

    public FeedParseException(String message) {
        super(message);
    }
}
