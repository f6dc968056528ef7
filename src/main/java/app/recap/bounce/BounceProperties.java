package app.recap.bounce;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import app.recap.mailbox.MailboxSettings;

/**
 * What bounces do ({@code recap.bounces.*}); {@code return-path-domain} is read by the send path itself.
 *
 * @param hardLimit  hard bounces after which an address is suppressed
 * @param softLimit  soft bounces within {@code softWindow} after which an address is suppressed
 * @param softWindow how far back soft bounces count
 * @param mailbox    the bounce mailbox polled over IMAP or POP3 ({@code protocol} empty: none)
 */
@ConfigurationProperties("recap.bounces")
record BounceProperties(int hardLimit, int softLimit, Duration softWindow, MailboxSettings mailbox) {
}
