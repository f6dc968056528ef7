package app.recap.tracking;

import java.time.Instant;
import java.util.Map;

/**
 * What the delivery log knows about one edition's sending, for its report and for counting impressions. The
 * delivery module implements it (it sits above this module and composes the tracked links).
 */
public interface EditionSends {

    /** Zeros and nulls for an edition nothing was sent of. */
    SendFigures figures(long editionId);

    /**
     * @param sent          deliveries the relay accepted
     * @param failed        deliveries that failed for good
     * @param firstSentAt   null when nothing was sent
     * @param sentBySegment sent deliveries per audience key as prepared ({@code "3,1,5"}; empty for "none chosen")
     */
    record SendFigures(long sent, long failed, Instant firstSentAt, Instant lastSentAt,
            Map<String, Long> sentBySegment) {

        public SendFigures {
            sentBySegment = Map.copyOf(sentBySegment);
        }
    }
}
