package app.recap.ingest;

import java.util.List;

/**
 * What importing an OPML file did, outline by outline.
 *
 * @param outlines every outline that is or should have been a feed, in document order
 */
public record OpmlImport(List<OutlineResult> outlines) {

    public OpmlImport {
        outlines = List.copyOf(outlines);
    }

    /** What became of one outline. */
    public enum Outcome {
        /** a new feed was created */
        ADDED,
        /** a feed with this URL already existed (or came earlier in the file) and was left as it is */
        KEPT,
        /** no feed was created; {@code reason} says why */
        REFUSED
    }

    /**
     * @param index  the outline's position among the file's feed outlines, from 0
     * @param title  as the file names it; may be null
     * @param url    the {@code xmlUrl} as written; null when there was none
     * @param folder the enclosing folders, "Tech / AI"; null at the top level (folders are flattened)
     * @param feedId the feed added or kept; null when refused
     * @param reason why it was refused; null otherwise
     */
    public record OutlineResult(int index, String title, String url, String folder, Outcome outcome, Long feedId,
            String reason) {
    }

    public long added() {
        return count(Outcome.ADDED);
    }

    public long kept() {
        return count(Outcome.KEPT);
    }

    public long refused() {
        return count(Outcome.REFUSED);
    }

    private long count(Outcome outcome) {
        return outlines.stream().filter(o -> o.outcome() == outcome).count();
    }
}
