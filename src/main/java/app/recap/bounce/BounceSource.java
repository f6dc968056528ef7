package app.recap.bounce;

import java.util.Locale;

/** Where a bounce event came from. */
public enum BounceSource {
    /** The relay refused the message during the SMTP exchange. */
    SMTP,
    /** A bounce read from the bounce mailbox. */
    MAILBOX,
    /** A raw message posted to {@code /api/bounces}. */
    API,
    /** Provider webhooks ({@code POST /webhooks/{provider}}). */
    SES, SENDGRID, MAILGUN, POSTMARK;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
