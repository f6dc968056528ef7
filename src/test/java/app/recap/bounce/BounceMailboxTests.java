package app.recap.bounce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import app.recap.audience.AudienceRepository;
import app.recap.lock.NodeLocks;
import app.recap.mailbox.MailboxReader;
import app.recap.mailbox.MailboxSettings;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.support.TestWorld;

/**
 * The bounce mailbox against GreenMail's real IMAP and POP3 servers: bounces are applied, then moved (IMAP) or
 * deleted (POP3); a message that fails stays in the mailbox, is reported, and is tried again on the next poll.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:bounce-mailbox;DB_CLOSE_DELAY=-1")
@Tag("database")
class BounceMailboxTests {

    static final int IMAP_PORT = 3953;
    static final int POP3_PORT = 3954;
    static GreenMail mail;

    @Autowired Bounces bounces;
    @Autowired NodeLocks locks;
    @Autowired MailboxReader reader;
    @Autowired AudienceRepository audiences;
    @Autowired ListRepository lists;
    @Autowired SubscriberRepository subscribers;
    @Autowired StoryRepository stories;
    @Autowired JdbcClient jdbc;

    @BeforeAll
    static void startMailServers() {
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(IMAP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(POP3_PORT, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        mail.start();
    }

    @AfterAll
    static void stopMailServers() {
        mail.stop();
    }

    @Test
    void imapAppliesBouncesMovesThemAndKeepsTheOneThatFails() throws Exception {
        NewsletterList list = new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("imapbox", 2);
        GreenMailUser user = mail.setUser("bounces@imap.example", "bounces-imap", "secret");
        String reader = "imapbox-reader0@example.com";
        user.deliver(message(dsn(reader, "<imap-dsn-1@mx.example>")));
        user.deliver(message(broken("<imap-broken-1@mx.example>")));
        user.deliver(message("From: Reader <imapbox-reader1@example.com>\r\nTo: bounces@imap.example\r\nSubject:"
                + " Out of office\r\nMessage-ID: <ooo-imap@example.com>\r\nAuto-Submitted: auto-replied\r\n\r\nAway.\r\n"));

        BounceMailbox box = mailbox("imap", IMAP_PORT, "bounces-imap", "move");
        BounceMailbox.Poll poll = box.poll();

        assertThat(poll.error()).isNull();
        assertThat(poll).extracting(BounceMailbox.Poll::read, BounceMailbox.Poll::applied, BounceMailbox.Poll::failed)
                .containsExactly(3, 2, 1);
        assertThat(poll.failures()).singleElement().asString().contains("<imap-broken-1@mx.example>");
        assertThat(status(reader)).isEqualTo("BLOCKLISTED");
        assertThat(status("imapbox-reader1@example.com")).isEqualTo("ENABLED");
        assertThat(jdbc.sql("select count(*) from bounce_event where source = 'mailbox' and recipient like 'imapbox-%'")
                .query(Long.class).single()).isEqualTo(2);
        assertThat(imapCount("bounces-imap", "INBOX")).isEqualTo(1);
        assertThat(imapCount("bounces-imap", "Processed")).isEqualTo(2);

        // the failed message is still there and is tried (and reported) again
        BounceMailbox.Poll again = box.poll();
        assertThat(again).extracting(BounceMailbox.Poll::read, BounceMailbox.Poll::failed).containsExactly(1, 1);
        assertThat(imapCount("bounces-imap", "INBOX")).isEqualTo(1);
        assertThat(list.id()).isPositive();
    }

    @Test
    void pop3AppliesAndDeletesButKeepsTheOneThatFails() throws Exception {
        new TestWorld(audiences, lists, subscribers, stories).withStories().listWithSubscribers("popbox", 1);
        GreenMailUser user = mail.setUser("bounces@pop.example", "bounces-pop", "secret");
        user.deliver(message(dsn("popbox-reader0@example.com", "<pop-dsn-1@mx.example>")));
        user.deliver(message(broken("<pop-broken-1@mx.example>")));

        BounceMailbox.Poll poll = mailbox("pop3", POP3_PORT, "bounces-pop", "delete").poll();

        assertThat(poll.error()).isNull();
        assertThat(poll).extracting(BounceMailbox.Poll::read, BounceMailbox.Poll::applied, BounceMailbox.Poll::failed)
                .containsExactly(2, 1, 1);
        assertThat(status("popbox-reader0@example.com")).isEqualTo("BLOCKLISTED");
        assertThat(imapCount("bounces-pop", "INBOX")).isEqualTo(1);
    }

    @Test
    void anUnreachableMailboxIsReportedNotThrown() {
        BounceMailbox.Poll poll = mailbox("imap", 3959, "nobody", "delete").poll();
        assertThat(poll.error()).isNotNull();
        assertThat(poll.read()).isZero();
    }

    private BounceMailbox mailbox(String protocol, int port, String user, String afterRead) {
        var settings = new MailboxSettings(protocol, "127.0.0.1", port, user, "secret", "INBOX",
                Duration.ofMinutes(5), afterRead, "Processed", Duration.ofSeconds(10));
        return new BounceMailbox(new BounceProperties(1, 5, Duration.ofDays(30), settings), reader, bounces, locks);
    }

    private int imapCount(String user, String folderName) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", IMAP_PORT, user, "secret");
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return 0;
            }
            folder.open(Folder.READ_ONLY);
            int count = folder.getMessageCount();
            folder.close(false);
            return count;
        } finally {
            store.close();
        }
    }

    private String status(String email) {
        return jdbc.sql("select status from subscriber where email = ?").param(email).query(String.class).single();
    }

    private static MimeMessage message(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static String dsn(String recipient, String messageId) {
        return ("Return-Path: <>\nFrom: MAILER-DAEMON@mx.example (Mail Delivery System)\nTo: bounces@recap.example\n"
                + "Subject: Undelivered Mail Returned to Sender\nMessage-ID: " + messageId + "\nDate: "
                + "Mon, 23 Nov 2026 07:00:00 +0000\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain\n\n<" + recipient + ">: host mx said: 550 5.1.1 User unknown\n"
                + "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n"
                + "Final-Recipient: rfc822; " + recipient + "\nAction: failed\nStatus: 5.1.1\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <" + recipient + ">: User unknown\n--b--\n").replace("\n", "\r\n");
    }

    /** A report whose multipart body has no boundary at all: it cannot be taken apart. */
    private static String broken(String messageId) {
        return ("From: MAILER-DAEMON@mx.example\nTo: bounces@recap.example\nSubject: Undelivered Mail\nMessage-ID: "
                + messageId + "\nMIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status\n\n"
                + "this body has no parts and no boundary\n").replace("\n", "\r\n");
    }

}
