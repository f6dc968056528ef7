package app.recap.bounce;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.lock.NodeLocks;
import app.recap.mailbox.MailboxReader;
import app.recap.mailbox.MailboxSettings;

/**
 * Reads the bounce mailbox ({@code recap.bounces.mailbox.*}) through the shared {@link MailboxReader}, on a schedule
 * and on one node at a time. Each message is applied (and committed) before the reader deletes or moves it, so a
 * crash in between only reads it again, which the bounce log's idempotency absorbs. A message that cannot be read or
 * applied stays where it is and is reported in the log and in {@link #lastPoll()}; it is tried again on the next
 * poll.
 */
@Component
class BounceMailbox {

    private static final Logger log = LoggerFactory.getLogger(BounceMailbox.class);
    private static final String LOCK = "bounce-mailbox";

    /**
     * What the last poll did.
     *
     * @param failures one line per message kept because it failed: its number, Message-ID and why
     */
    record Poll(Instant at, int read, int applied, int failed, List<String> failures, String error) {
    }

    private final MailboxSettings settings;
    private final MailboxReader reader;
    private final Bounces bounces;
    private final NodeLocks locks;
    private volatile Poll lastPoll;

    BounceMailbox(BounceProperties properties, MailboxReader reader, Bounces bounces, NodeLocks locks) {
        this.settings = properties.mailbox();
        this.reader = reader;
        this.bounces = bounces;
        this.locks = locks;
        if (settings.enabled()) {
            log.info("bounce mailbox {} every {} (read messages: {})", settings.describe(), settings.interval(),
                    settings.moves() ? "moved to " + settings.moveTo() : "deleted");
            if ("move".equalsIgnoreCase(String.valueOf(settings.afterRead()).strip()) && !settings.moves()) {
                log.warn("recap.bounces.mailbox.after-read=move needs IMAP; POP3 deletes read messages instead");
            }
        }
    }

    /** Null until the first poll. */
    Poll lastPoll() {
        return lastPoll;
    }

    @Scheduled(initialDelayString = "${recap.bounces.mailbox.interval}",
            fixedDelayString = "${recap.bounces.mailbox.interval}")
    void scheduled() {
        if (settings.enabled()) {
            poll();
        }
    }

    /** One pass over the mailbox; returns what it did (also kept as {@link #lastPoll()}). */
    Poll poll() {
        Optional<SimpleLock> lock = locks.tryLock(LOCK);
        if (lock.isEmpty()) {
            log.info("bounce mailbox is being read by another node");
            return lastPoll;
        }
        try {
            int[] applied = {0};
            MailboxReader.Poll poll = reader.read("bounce", settings, raw -> {
                if (bounces.process(raw, BounceSource.MAILBOX, false).applied()) {
                    applied[0]++;
                }
            });
            lastPoll = new Poll(poll.at(), poll.read(), applied[0], poll.failed(), poll.failures(), poll.error());
            return lastPoll;
        } finally {
            lock.get().unlock();
        }
    }
}
