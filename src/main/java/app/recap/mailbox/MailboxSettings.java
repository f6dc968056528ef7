package app.recap.mailbox;

import java.time.Duration;
import java.util.Locale;

/**
 * Where a mailbox is and what happens to a message once it is read; bound from configuration by the module that
 * owns the mailbox ({@code recap.bounces.mailbox.*}, {@code recap.newsletters.mailbox.*}).
 *
 * @param protocol  imap, imaps, pop3 or pop3s; empty for no polling
 * @param port      0 for the protocol's default
 * @param interval  time between polls, for the owner's schedule
 * @param afterRead what happens to a message once taken: {@code delete}, or {@code move} to {@code moveTo} (IMAP; POP3
 *                  can only delete)
 * @param timeout   connect and read timeout
 */
public record MailboxSettings(String protocol, String host, int port, String user, String password, String folder,
        Duration interval, String afterRead, String moveTo, Duration timeout) {

    public boolean enabled() {
        return protocol != null && !protocol.isBlank() && host != null && !host.isBlank();
    }

    /** The protocol, lower-cased; empty when none is set. */
    public String scheme() {
        return protocol == null ? "" : protocol.strip().toLowerCase(Locale.ROOT);
    }

    /** True when read messages are moved to {@code moveTo} rather than deleted (IMAP only). */
    public boolean moves() {
        return afterRead != null && afterRead.strip().equalsIgnoreCase("move") && scheme().startsWith("imap");
    }

    /** The port to connect to: the configured one, or the protocol's default. */
    public int effectivePort() {
        if (port > 0) {
            return port;
        }
        return switch (scheme()) {
            case "imaps" -> 993;
            case "pop3" -> 110;
            case "pop3s" -> 995;
            default -> 143;
        };
    }

    /** {@code imap://user@host:port/folder}, for logs: never the password. */
    public String describe() {
        return scheme() + "://" + user + "@" + host + ":" + effectivePort() + "/" + folder;
    }
}
