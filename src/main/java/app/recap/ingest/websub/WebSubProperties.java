package app.recap.ingest.websub;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of WebSub push ({@code recap.websub.*}).
 *
 * @param enabled     subscribe to the hubs feeds declare; needs a {@code recap.base-url} that hubs can reach
 * @param lease       the lease asked of hubs ({@code hub.lease_seconds}); a hub may grant another
 * @param renewBefore a subscription is renewed this long before its lease ends
 * @param maxBody     larger pushed bodies are refused unread
 * @param renewCheck  how often due leases are looked for
 */
@ConfigurationProperties("recap.websub")
record WebSubProperties(boolean enabled, Duration lease, Duration renewBefore, DataSize maxBody, Duration renewCheck) {
}
