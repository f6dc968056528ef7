package app.recap.bounce;

import java.util.List;

/**
 * What one incoming message turned out to be.
 *
 * @param messageId the incoming message's own Message-ID (what makes it idempotent), null when it has none
 * @param events    empty when the message is neither a bounce, a complaint nor an auto-reply
 */
public record BounceReport(String messageId, List<BounceEvent> events) {

    /** Whether any event is a hard or soft bounce or a complaint. */
    public boolean bounce() {
        return events.stream().anyMatch(e -> e.type().isBounce());
    }
}
