package app.recap.ingest;

import java.time.Duration;

/**
 * A fetch that failed at the HTTP level: the server answered with an error status, or the answer could not be
 * read. Carries the status, when there was one, and how long the server asked us to wait.
 */
class FetchFailure extends FeedParseException {

    private final Integer status;
    private final Duration retryAfter;

    FetchFailure(String message, Integer status, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status the server answered with, or null when none arrived. */
    Integer status() {
        return status;
    }

    /** What the server's {@code Retry-After} asked for, or null. */
    Duration retryAfter() {
        return retryAfter;
    }
}
