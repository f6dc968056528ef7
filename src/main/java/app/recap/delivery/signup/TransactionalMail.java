package app.recap.delivery.signup;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.TextStyle;
import java.util.Date;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.eclipse.angus.mail.smtp.SMTPMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.MessageSource;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import app.recap.delivery.ReturnPaths;
import app.recap.delivery.smtp.MailConnection;
import app.recap.delivery.smtp.MailConnections;
import app.recap.preferences.ConfirmationRequested;
import app.recap.preferences.SubscriberLinks;
import app.recap.preferences.SubscriptionConfirmed;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.FirstName;
import app.recap.subscriber.NewsletterList;

/**
 * The emails of the subscription life cycle, one at a time: the double opt-in confirmation and the welcome.
 * Rendered from {@code email/confirm} and {@code email/welcome} (HTML and text) in the list's language, sent as
 * multipart/alternative through the same SMTP relay or outbox as the digest. Each is sent on a background
 * thread after the transaction that asked for it committed, so no page waits for the relay and a rolled-back
 * request sends nothing.
 */
@Component
class TransactionalMail {

    private static final Logger log = LoggerFactory.getLogger(TransactionalMail.class);

    /** What the templates receive. {@code name} may be null; the links that do not apply are null. */
    record View(String lang, String listName, String name, String senderName, String postalAddress, String confirmUrl,
            String expiresIn, String preferencesUrl, String unsubscribeUrl, String archiveUrl, String sendDay) {
    }

    private final MailConnections connections;
    private final ListRepository lists;
    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final SubscriberLinks links;
    private final ReturnPaths returnPaths;
    private final Clock clock;
    private final TaskExecutor sender;

    TransactionalMail(MailConnections connections, ListRepository lists, ITemplateEngine templates,
            MessageSource messages, SubscriberLinks links, ReturnPaths returnPaths, Clock clock,
            @Qualifier("mailThreads") TaskExecutor sender) {
        this.returnPaths = returnPaths;
        this.connections = connections;
        this.lists = lists;
        this.templates = templates;
        this.messages = messages;
        this.links = links;
        this.clock = clock;
        this.sender = sender;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(ConfirmationRequested event) {
        later("confirm", event.subscriberId(), event.listId(), () -> {
            NewsletterList list = list(event.listId());
            Duration valid = Duration.between(clock.instant(), event.expiresAt());
            View view = view(list, event.name(), event.confirmUrl(), expiresIn(valid, list), null, null);
            send(list, "confirm", event.email(), event.name(), view,
                    messages.getMessage("signup.confirmEmail.subject", new Object[] {list.name()}, list.locale()),
                    null);
        });
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(SubscriptionConfirmed event) {
        later("welcome", event.subscriberId(), event.listId(), () -> {
            NewsletterList list = list(event.listId());
            View view = view(list, event.name(), null, null, event.preferencesUrl(), event.unsubscribeUrl());
            send(list, "welcome", event.email(), event.name(), view,
                    messages.getMessage("signup.welcomeEmail.subject", new Object[] {list.name()}, list.locale()),
                    event.unsubscribeUrl());
        });
    }

    private void later(String kind, long subscriberId, long listId, Sending sending) {
        try {
            sender.execute(() -> {
                try {
                    sending.run();
                    log.info("{} email sent subscriber={} list={}", kind, subscriberId, listId);
                } catch (MessagingException | RuntimeException e) {
                    log.warn("{} email failed subscriber={} list={}: {}", kind, subscriberId, listId, e.toString());
                }
            });
        } catch (TaskRejectedException full) {
            log.warn("{} email dropped, queue full subscriber={} list={}", kind, subscriberId, listId);
        }
    }

    private View view(NewsletterList list, String name, String confirmUrl, String expiresIn, String preferencesUrl,
            String unsubscribeUrl) {
        String greetingName = FirstName.of(name);
        return new View(list.locale().getLanguage(), list.name(), greetingName, list.senderName(), list.postalAddress(),
                confirmUrl, expiresIn, preferencesUrl, unsubscribeUrl, links.archiveUrl(list.slug()),
                list.sendDay().getDisplayName(TextStyle.FULL, list.locale()));
    }

    /** "7 days" or "48 hours", in the list's language. */
    private String expiresIn(Duration valid, NewsletterList list) {
        // round to the nearest hour: the link was made a moment ago
        long hours = Math.max(1, Math.round(valid.toMinutes() / 60.0));
        if (hours % 24 == 0) {
            return messages.getMessage("signup.confirmEmail.days", new Object[] {hours / 24}, list.locale());
        }
        return messages.getMessage("signup.confirmEmail.hours", new Object[] {hours}, list.locale());
    }

    private void send(NewsletterList list, String template, String email, String name, View view, String subject,
            String unsubscribeUrl) throws MessagingException {
        Context context = new Context(list.locale());
        context.setVariable("mail", view);
        String html = templates.process("email/" + template, context);
        String text = templates.process("email/" + template + ".txt", context).strip() + "\n";
        try (MailConnection connection = connections.open()) {
            TransactionalMessage message = new TransactionalMessage(connection.session(),
                    "<" + template + "." + UUID.randomUUID() + "@" + list.senderDomain() + ">");
            message.setEnvelopeFrom(returnPaths.plain(list));
            message.setFrom(new InternetAddress(list.senderEmail(), list.senderName(), StandardCharsets.UTF_8.name()));
            if (list.replyTo() != null && !list.replyTo().isBlank()) {
                message.setReplyTo(InternetAddress.parse(list.replyTo()));
            }
            InternetAddress to = new InternetAddress(email, true);
            if (name != null && !name.isBlank()) {
                to.setPersonal(name.strip(), StandardCharsets.UTF_8.name());
            }
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(subject, StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            message.setHeader("Auto-Submitted", "auto-generated");
            if (unsubscribeUrl != null) {
                message.setHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
                message.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            MimeMultipart alternative = new MimeMultipart("alternative");
            MimeBodyPart textPart = new MimeBodyPart();
            textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
            MimeBodyPart htmlPart = new MimeBodyPart();
            htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(textPart);
            alternative.addBodyPart(htmlPart);
            message.setContent(alternative);
            message.saveChanges();
            connection.send(message, email);
        } catch (UnsupportedEncodingException impossible) {
            throw new MessagingException("UTF-8 unsupported", impossible);
        }
    }

    private NewsletterList list(long id) {
        return lists.findById(id).orElseThrow(() -> new IllegalStateException("no list " + id));
    }

    @FunctionalInterface
    private interface Sending {
        void run() throws MessagingException;
    }

    /** Keeps a Message-ID on the list's own domain instead of the host name Jakarta Mail would use. */
    private static final class TransactionalMessage extends SMTPMessage {

        private final String messageId;

        TransactionalMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
