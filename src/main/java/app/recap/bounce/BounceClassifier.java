package app.recap.bounce;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.springframework.stereotype.Component;

/**
 * The one classifier behind every way a refusal reaches Recap: the relay's reply during the SMTP exchange, a
 * bounce message (an RFC 3464 delivery status notification or the free text of an MTA that sends none), an RFC 5965
 * feedback report, and auto-replies. Stateless and thread-safe.
 */
@Component
public class BounceClassifier {

    private static final Session SESSION = Session.getInstance(new Properties());

    /**
     * What an SMTP reply to one message means.
     *
     * @param code the reply code, 0 when unknown
     * @param text the reply's text, with or without the code; may be null
     */
    public Verdict classifyReply(int code, String text) {
        return DiagnosticRules.classify(code, null, text);
    }

    /**
     * Reads one incoming message.
     *
     * @param lookup maps what Recap put into its own messages (VERP token, Message-ID) back to a delivery
     * @return never null; no events when the message is neither a bounce, a complaint nor an auto-reply
     */
    public BounceReport read(MimeMessage message, RecipientLookup lookup) throws MessagingException {
        return new BounceMessageReader(message, lookup).read();
    }

    /**
     * Parses a raw RFC 5322 message.
     *
     * @throws MessagingException when it is not a message (no header block, or nothing a message has)
     */
    public MimeMessage parse(InputStream raw) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(SESSION, raw);
        if (!message.getAllHeaders().hasMoreElements()) {
            throw new MessagingException("no header block");
        }
        if (message.getHeader("From") == null && message.getHeader("Subject") == null
                && message.getHeader("Content-Type") == null && message.getHeader("Message-ID") == null
                && message.getHeader("Return-Path") == null && message.getHeader("Received") == null) {
            throw new MessagingException("none of From, Subject, Content-Type, Message-ID, Return-Path or Received");
        }
        return message;
    }
}
