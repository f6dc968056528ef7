package app.recap.webhook;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook endpoint may subscribe to, by the name the payload's {@code type} carries. */
public enum WebhookEvent {
    /** Someone signed up through the public form (before confirming, on a double opt-in list). */
    SUBSCRIBED("subscribed"),
    /** A subscription became active. */
    CONFIRMED("confirmed"),
    /** A subscription ended. */
    UNSUBSCRIBED("unsubscribed"),
    /** The mail system refused a subscriber's address. */
    BOUNCED("bounced"),
    /** A recipient marked an edition as spam. */
    COMPLAINED("complained"),
    /** An edition has gone out to everyone. */
    EDITION_SENT("edition.sent");

    private final String label;

    WebhookEvent(String label) {
        this.label = label;
    }

    /** The name in payloads, the {@code Recap-Event} header and the endpoint's settings. */
    public String label() {
        return label;
    }

    /** The event called {@code label}, or empty. */
    public static Optional<WebhookEvent> of(String label) {
        return Arrays.stream(values()).filter(e -> e.label.equals(label)).findFirst();
    }
}
