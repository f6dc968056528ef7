package app.recap.tracking;

import java.util.List;

/**
 * What a signed tracking link says. The link part is the same for every message of a segment; the reader part
 * is added only when the list tracks per subscriber.
 *
 * @param kind              a story link or the open pixel
 * @param segment           the audience ids the message was rendered for, in order (the segment)
 * @param sectionAudienceId the audience whose section held the link; 0 for the lead section (and the pixel)
 * @param storyId           the story; 0 for the pixel
 * @param issuedAt          epoch seconds when the segment (or, with a reader, the message) was composed
 * @param reader            the delivery and subscriber, or null for anonymous links
 */
record ClickToken(Kind kind, long editionId, List<Long> segment, long sectionAudienceId, long storyId, long issuedAt,
        Reader reader) {

    enum Kind {
        CLICK, OPEN
    }

    /** @param issuedAt epoch seconds when the message was composed */
    record Reader(long deliveryId, long subscriberId, long issuedAt) {
    }

    ClickToken {
        segment = List.copyOf(segment);
    }

    String segmentKey() {
        return String.join(",", segment.stream().map(String::valueOf).toList());
    }

    /** When the message was composed, as precisely as the token knows it. */
    long composedAt() {
        return reader == null ? issuedAt : reader.issuedAt();
    }
}
