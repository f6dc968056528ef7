package app.recap.bounce;

import java.util.Locale;

/** What a bounce says about an address. */
public enum BounceType {
    /** The address is bad: user unknown, no such domain, mailbox disabled or moved. */
    HARD,
    /** Anything else that refused the message: full mailbox, greylisting, too big, policy, spam, authentication. */
    SOFT,
    /** The recipient reported the message as spam (an RFC 5965 feedback report). */
    COMPLAINT,
    /** A vacation, out-of-office or challenge-response answer: changes nothing. */
    AUTO_REPLY;

    /** The lower-case, hyphenated name the API and the bounce log use ({@code auto-reply}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** A bounce in the API's sense: it may change a subscriber. */
    public boolean isBounce() {
        return this != AUTO_REPLY;
    }
}
