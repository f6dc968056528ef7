package app.recap.ingest;

import java.time.Instant;
import java.util.List;

/**
 * A source whose stories arrive as newsletter issues in the newsletter mailbox. Its feed row ({@code feed}, URL
 * {@code mailto:<address>}) carries the name, authority, switch and the last issue's counts like any feed's.
 *
 * @param address        the inbound address issues for this source are sent to, lower-cased
 * @param senders        who may send them: addresses, or domains written {@code @example.com}
 * @param lastIssueAt    when the last accepted issue was read; null before the first
 * @param lastSubject    that issue's subject
 * @param lastRefusedAt  when a message to this address was last refused; null when none was
 * @param lastRefused    why, with its sender and subject
 * @param refusedCount   messages refused so far
 */
public record NewsletterSource(FeedSource feed, String address, List<String> senders, Instant lastIssueAt,
        String lastSubject, Instant lastRefusedAt, String lastRefused, int refusedCount) {

    public NewsletterSource {
        senders = List.copyOf(senders);
    }

    public long id() {
        return feed.id();
    }
}
