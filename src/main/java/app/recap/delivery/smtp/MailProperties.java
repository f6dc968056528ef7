package app.recap.delivery.smtp;

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
 * @param outboxDir     where the outbox writes {@code .eml} files
 */
@ConfigurationProperties("recap.mail")
public record MailProperties(String host, int port, String username, String password, boolean startTls, boolean ssl,
        Duration timeout, Path outboxDir) {

    boolean smtpConfigured() {
        return host != null && !host.isBlank();
    }
}
