package app.recap.webhook;

import java.time.Instant;
import java.util.Set;

/**
 * A registered receiver.
 *
 * @param secret the key that signs every delivery to it
 * @param events what it receives; never empty
 */
public record WebhookEndpoint(long id, String url, String secret, Set<WebhookEvent> events, boolean enabled,
        Instant createdAt) {

    public boolean wants(WebhookEvent event) {
        return enabled && events.contains(event);
    }
}
