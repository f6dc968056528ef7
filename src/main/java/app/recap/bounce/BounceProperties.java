package app.recap.bounce;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What bounces do ({@code recap.bounces.*}); {@code return-path-domain} is read by the send path itself.
 *
 * @param hardLimit  hard bounces after which an address is suppressed
 * @param softLimit  soft bounces within {@code softWindow} after which an address is suppressed
 * @param softWindow how far back soft bounces count
 * @param mailbox    the bounce mailbox polled over IMAP or POP3
 */
@ConfigurationProperties("recap.bounces")
record BounceProperties(int hardLimit, int softLimit, Duration softWindow, Mailbox mailbox) {

    /**
     * @param protocol imap, imaps, pop3 or pop3s; empty for no polling
     * @param port     0 for the protocol's default
     * @param afterRead what happens to a message once read: {@code delete}, or {@code move} to {@code moveTo}
     *                  (IMAP; POP3 can only delete)
     * @param timeout  connect and read timeout
     */
    record Mailbox(String protocol, String host, int port, String user, String password, String folder,
            Duration interval, String afterRead, String moveTo, Duration timeout) {

        boolean enabled() {
            return protocol != null && !protocol.isBlank() && host != null && !host.isBlank();
        }
    }
}
