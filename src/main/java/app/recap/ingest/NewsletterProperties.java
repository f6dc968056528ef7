package app.recap.ingest;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

import app.recap.mailbox.MailboxSettings;

/**
 * Newsletter sources ({@code recap.newsletters.*}): the one mailbox their issues arrive in, and how they are read.
 *
 * @param mailbox            where newsletters are delivered, read over IMAP(S) or POP3(S); {@code protocol} empty:
 *                           none is read
 * @param address            the mailbox's own address; the admin screen suggests {@code local+name@domain} addresses
 *                           from it; empty: no suggestion
 * @param trustedAuthservIds authserv-ids of the receiving servers whose {@code Authentication-Results} count; empty:
 *                           the topmost header only
 * @param resolveRedirects   tracking links that do not carry their destination are resolved with one request per hop
 *                           (HEAD, then GET); false leaves such links out
 * @param redirectTimeout    time allowed for resolving one tracking link, all hops together
 * @param trackingHosts      more redirect hosts than the built-in list of the common ESPs
 * @param maxLinksPerIssue   links that become stories from one issue, in document order
 */
@ConfigurationProperties("recap.newsletters")
record NewsletterProperties(MailboxSettings mailbox, String address, List<String> trustedAuthservIds,
        boolean resolveRedirects, Duration redirectTimeout, List<String> trackingHosts, int maxLinksPerIssue) {

    NewsletterProperties {
        trustedAuthservIds = trustedAuthservIds == null ? List.of() : List.copyOf(trustedAuthservIds);
        trackingHosts = trackingHosts == null ? List.of() : List.copyOf(trackingHosts);
        maxLinksPerIssue = maxLinksPerIssue <= 0 ? Integer.MAX_VALUE : maxLinksPerIssue;
        redirectTimeout = redirectTimeout == null ? Duration.ofSeconds(10) : redirectTimeout;
    }
}
