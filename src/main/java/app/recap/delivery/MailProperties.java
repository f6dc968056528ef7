package app.recap.delivery;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How messages leave ({@code recap.mail.*}). With no {@code host}, every message is written as an {@code .eml}
 * file under {@code outboxDir} instead, so a demo needs no mail server.
 *
 * @param host          SMTP relay host; empty for the outbox
 * @param startTls      require STARTTLS before authenticating
 * @param ssl           connect with implicit TLS (port 465)
 * @param timeout       connect, read and write timeout of the SMTP socket
 * @param chunkSize     messages per chunk: sent over one connection and logged together
 * @param maxAttempts   attempts for a message the relay defers with a 4xx reply
 * @param retryBackoff  first wait before retrying a 4xx, doubled each attempt
 */
@ConfigurationProperties("recap.mail")
public record MailProperties(String host, int port, String username, String password, boolean startTls, boolean ssl,
        Duration timeout, Path outboxDir, int chunkSize, int maxAttempts, Duration retryBackoff) {

    public boolean smtpConfigured() {
        return host != null && !host.isBlank();
    }
}
