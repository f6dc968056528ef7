package app.recap.delivery;

import org.springframework.stereotype.Component;

import app.recap.preferences.ReturnPathTokens;
import app.recap.subscriber.NewsletterList;

/**
 * Envelope senders (SMTP {@code MAIL FROM}, stored by the receiving mailbox as {@code Return-Path}) that name
 * their delivery, so a bounce that comes back days later says which delivery failed (VERP):
 * {@code bounces+<signed delivery token>@<return-path domain>}.
 */
@Component
public class ReturnPaths {

    /** The local part before the {@code +}; bounces to it without a token still reach the bounce mailbox. */
    public static final String LOCAL_PART = "bounces";

    private final ReturnPathTokens tokens;
    private final String domain;

    ReturnPaths(ReturnPathTokens tokens, ReturnPathProperties properties) {
        this.tokens = tokens;
        String d = properties.returnPathDomain();
        this.domain = d == null || d.isBlank() ? null : d.strip();
    }

    /** The envelope sender of one delivery of the list. */
    public String of(long deliveryId, NewsletterList list) {
        return LOCAL_PART + "+" + tokens.sign(deliveryId) + "@" + domain(list);
    }

    /** The envelope sender of mail that answers no delivery (confirmations, welcomes, test copies). */
    public String plain(NewsletterList list) {
        return LOCAL_PART + "@" + domain(list);
    }

    private String domain(NewsletterList list) {
        return domain != null ? domain : list.senderDomain();
    }
}
