package app.recap.bounce;

import java.util.Optional;

/** Finds the delivery a bounce answers, from what Recap itself put into the message it sent. */
public interface RecipientLookup {

    /** What a VERP token or a Message-ID named. */
    record Found(String email, Long deliveryId, Long subscriberId) {
    }

    /** The delivery of a VERP envelope sender's token ({@code bounces+TOKEN@...}), if the token is genuine. */
    Optional<Found> byVerpToken(String token);

    /** The delivery of one of our Message-IDs ({@code <edition.subscriber.list@domain>}). */
    Optional<Found> byMessageId(String messageId);

    /** A lookup that knows nothing: recipients then come from the message's text alone. */
    RecipientLookup NONE = new RecipientLookup() {
        @Override
        public Optional<Found> byVerpToken(String token) {
            return Optional.empty();
        }

        @Override
        public Optional<Found> byMessageId(String messageId) {
            return Optional.empty();
        }
    };
}
