package app.recap.mailbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One pass over a mailbox with Jakarta Mail's own IMAP and POP3 stores. Each message is handed to the caller, and
 * only after the caller has taken it (and committed what it does) is it deleted or moved, so a crash in between only
 * reads it again; callers make taking a message twice harmless. A message the caller fails on stays where it is, is
 * reported in the {@link Poll}, and is read again next time. Never throws for an unreachable mailbox: the poll says
 * why.
 */
@Component
public class MailboxReader {

    private static final Logger log = LoggerFactory.getLogger(MailboxReader.class);

    /** What the caller does with one message's raw bytes (RFC 5322, as stored). */
    @FunctionalInterface
    public interface Handler {
        /**
         * Returning means the message was taken and may be disposed of; throwing keeps it in the mailbox, reported
         * with the exception's message.
         */
        void take(byte[] raw) throws Exception;
    }

    /**
     * What one pass did.
     *
     * @param read     messages looked at (not counting those already marked deleted)
     * @param taken    messages the handler took, which were then deleted or moved
     * @param failures one line per message kept because it failed: its number, Message-ID and why
     * @param error    why the mailbox could not be read at all, or null
     */
    public record Poll(Instant at, int read, int taken, int failed, List<String> failures, String error) {
    }

    private final Clock clock;

    MailboxReader(Clock clock) {
        this.clock = clock;
    }

    /** Reads every message in {@code settings.folder()} once; {@code name} labels the mailbox in logs. */
    public Poll read(String name, MailboxSettings settings, Handler handler) {
        Instant at = clock.instant();
        int read = 0;
        List<String> failures = new ArrayList<>();
        List<Message> done = new ArrayList<>();
        Store store = null;
        Folder folder = null;
        try {
            store = session(settings).getStore(settings.scheme());
            store.connect(settings.host(), settings.effectivePort(), settings.user(), settings.password());
            folder = store.getFolder(settings.folder());
            folder.open(Folder.READ_WRITE);
            for (Message message : folder.getMessages()) {
                if (message.isSet(Flags.Flag.DELETED)) {
                    continue;
                }
                read++;
                try {
                    handler.take(bytes(message));
                    done.add(message);
                } catch (Exception e) {
                    String id = messageId(message);
                    failures.add("#" + message.getMessageNumber() + " " + id + ": " + e.getMessage());
                    log.warn("{} mailbox message #{} {} kept, it failed: {}", name, message.getMessageNumber(), id,
                            e.toString());
                }
            }
            dispose(settings, store, folder, done);
            folder.close(true);
            folder = null;
            log.info("{} mailbox read={} taken={} failed={}", name, read, done.size(), failures.size());
            return new Poll(at, read, done.size(), failures.size(), List.copyOf(failures), null);
        } catch (MessagingException | RuntimeException e) {
            log.warn("{} mailbox {} unreadable: {}", name, settings.describe(), e.toString());
            return new Poll(at, read, 0, failures.size(), List.copyOf(failures), e.toString());
        } finally {
            close(folder, store);
        }
    }

    /** Deletes what was taken, or moves it first (IMAP): messages that failed are not touched. */
    private static void dispose(MailboxSettings settings, Store store, Folder folder, List<Message> done)
            throws MessagingException {
        if (done.isEmpty()) {
            return;
        }
        Message[] messages = done.toArray(Message[]::new);
        if (settings.moves()) {
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

    private static Session session(MailboxSettings settings) {
        String p = "mail." + settings.scheme() + ".";
        String timeout = String.valueOf(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        if (settings.scheme().endsWith("s")) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(props);
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
