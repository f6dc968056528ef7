package app.recap.bounce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.SimpleLock;

import app.recap.lock.NodeLocks;

/**
 * Reads the bounce mailbox ({@code recap.bounces.mailbox.*}) over IMAP(S) or POP3(S) with Jakarta Mail's own
 * stores, on a schedule and on one node at a time. Each message is applied (and committed) before it is deleted
 * or moved, so a crash in between only reads it again, which the bounce log's idempotency absorbs. A message that
 * cannot be read or applied stays where it is and is reported in the log and in {@link #lastPoll()}; it is tried
 * again on the next poll.
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

    private final BounceProperties.Mailbox settings;
    private final Bounces bounces;
    private final NodeLocks locks;
    private final Clock clock;
    private volatile Poll lastPoll;

    BounceMailbox(BounceProperties properties, Bounces bounces, NodeLocks locks, Clock clock) {
        this.settings = properties.mailbox();
        this.bounces = bounces;
        this.locks = locks;
        this.clock = clock;
        if (settings.enabled()) {
            log.info("bounce mailbox {}://{}@{}:{}/{} every {} ({} read messages)", protocol(), settings.user(),
                    settings.host(), port(), settings.folder(), settings.interval(), afterRead());
            if (afterRead().equals("move") && protocol().startsWith("pop3")) {
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
            lastPoll = read();
            return lastPoll;
        } finally {
            lock.get().unlock();
        }
    }

    private Poll read() {
        Instant at = clock.instant();
        int read = 0;
        int applied = 0;
        List<String> failures = new ArrayList<>();
        Store store = null;
        Folder folder = null;
        try {
            store = session().getStore(protocol());
            store.connect(settings.host(), port(), settings.user(), settings.password());
            folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            List<Message> done = new ArrayList<>();
            for (Message message : folder.getMessages()) {
                if (message.isSet(Flags.Flag.DELETED)) {
                    continue;
                }
                read++;
                try {
                    Bounces.Outcome outcome = bounces.process(bytes(message), BounceSource.MAILBOX, false);
                    applied += outcome.applied() ? 1 : 0;
                    done.add(message);
                } catch (MessagingException | IOException | RuntimeException e) {
                    String id = messageId(message);
                    failures.add("#" + message.getMessageNumber() + " " + id + ": " + e.getMessage());
                    log.warn("bounce mailbox message #{} {} kept, it failed: {}", message.getMessageNumber(), id,
                            e.toString());
                }
            }
            dispose(store, folder, done);
            folder.close(true);
            folder = null;
            log.info("bounce mailbox read={} applied={} failed={}", read, applied, failures.size());
            return new Poll(at, read, applied, failures.size(), List.copyOf(failures), null);
        } catch (MessagingException | RuntimeException e) {
            log.warn("bounce mailbox {}://{}:{} unreadable: {}", protocol(), settings.host(), port(), e.toString());
            return new Poll(at, read, applied, failures.size(), List.copyOf(failures), e.toString());
        } finally {
            close(folder, store);
        }
    }

    /** Deletes what was applied, or moves it first (IMAP): messages that failed are not touched. */
    private void dispose(Store store, Folder folder, List<Message> done) throws MessagingException {
        if (done.isEmpty()) {
            return;
        }
        Message[] messages = done.toArray(Message[]::new);
        if (afterRead().equals("move") && protocol().startsWith("imap")) {
            Folder target = store.getFolder(settings.moveTo());
            if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
                throw new MessagingException("cannot create folder " + settings.moveTo());
            }
            folder.copyMessages(messages, target);
        }
        folder.setFlags(messages, new Flags(Flags.Flag.DELETED), true);
    }

    private static byte[] bytes(Message message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static String messageId(Message message) {
        try {
            String[] id = message.getHeader("Message-ID");
            return id == null || id.length == 0 ? "(no Message-ID)" : id[0];
        } catch (MessagingException e) {
            return "(unreadable headers)";
        }
    }

    private Session session() {
        String p = "mail." + protocol() + ".";
        String timeout = String.valueOf(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        if (protocol().endsWith("s")) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(props);
    }

    private String protocol() {
        return settings.protocol().strip().toLowerCase(Locale.ROOT);
    }

    private String afterRead() {
        return settings.afterRead() == null ? "delete" : settings.afterRead().strip().toLowerCase(Locale.ROOT);
    }

    private int port() {
        if (settings.port() > 0) {
            return settings.port();
        }
        return switch (protocol()) {
            case "imaps" -> 993;
            case "pop3" -> 110;
            case "pop3s" -> 995;
            default -> 143;
        };
    }

    private static void close(Folder folder, Store store) {
        try {
            if (folder != null && folder.isOpen()) {
                folder.close(false);
            }
        } catch (MessagingException ignored) {
            // the connection is gone; nothing was expunged
        }
        try {
            if (store != null) {
                store.close();
            }
        } catch (MessagingException ignored) {
            // already closed
        }
    }
}
