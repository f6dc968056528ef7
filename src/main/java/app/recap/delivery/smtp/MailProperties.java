package app.recap.delivery.smtp;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How messages leave ({@code recap.mail.*}). With no {@code host}, every message is written as an {@code .eml}
 * file under {@code outboxDir} instead, so a demo needs no mail server.
 *
 * @param host          SMTP relay host; empty for the outbox
 * @param startTls           require STARTTLS before authenticating (port 587): a relay that does not offer it is
 *                           refused, nothing goes out in the clear
 * @param ssl                connect with implicit TLS (port 465)
 * @param timeout            connect, read and write timeout of the SMTP socket
 * @param outboxDir          where the outbox writes {@code .eml} files
 * @param trustStore         Spring resource location of the certificates to trust for the relay's TLS
 *                           ({@code file:/etc/recap/relay-trust.p12}); empty trusts the JDK's authorities. The
 *                           relay's certificate must also name {@code host}.
 * @param trustStorePassword the trust store's password; may be empty
 * @param trustStoreType     {@code PKCS12} or {@code JKS}
 */
@ConfigurationProperties("recap.mail")
public record MailProperties(String host, int port, String username, String password, boolean startTls, boolean ssl,
        Duration timeout, Path outboxDir, String trustStore, String trustStorePassword, String trustStoreType) {

    public MailProperties {
        trustStoreType = trustStoreType == null || trustStoreType.isBlank() ? "PKCS12" : trustStoreType;
    }

    boolean smtpConfigured() {
        return host != null && !host.isBlank();
    }
}
