package app.recap.preferences;

import java.time.Clock;
import java.time.Instant;

import org.springframework.stereotype.Component;

import app.recap.RecapProperties;

/** The links emails and public pages carry; personal ones are signed for one subscriber on one list. */
@Component
public class SubscriberLinks {

    /**
     * The subscriber a test copy's personal links are signed for. No subscriber has it (ids start at 1), so those
     * links act on no one: their pages say it was a test link and change nothing.
     */
    public static final long TEST_READER = 0;

    private final LinkTokens tokens;
    private final RecapProperties recap;
    private final PreferencesProperties properties;
    private final Clock clock;

    SubscriberLinks(LinkTokens tokens, RecapProperties recap, PreferencesProperties properties, Clock clock) {
        this.tokens = tokens;
        this.recap = recap;
        this.properties = properties;
        this.clock = clock;
    }

    /** The one-click unsubscribe URL: a POST unsubscribes (RFC 8058), a GET asks first. Does not expire. */
    public String unsubscribeUrl(long subscriberId, long listId) {
        return recap.link("/u/" + tokens.sign(new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, subscriberId, listId, 0)));
    }

    /** The preference center of one subscription. Does not expire. */
    public String preferencesUrl(long subscriberId, long listId) {
        return recap.link("/p/" + tokens.sign(new LinkToken(LinkToken.Purpose.PREFERENCES, subscriberId, listId, 0)));
    }

    /**
     * "View in browser" for one edition: the page of that edition as this reader gets it (their topics, their
     * length), signed so it needs no sign-in. Does not expire.
     */
    public String viewUrl(long subscriberId, long listId, String isoWeek) {
        return recap.link("/v/" + tokens.sign(new LinkToken(LinkToken.Purpose.VIEW, subscriberId, listId, 0)) + "/"
                + isoWeek);
    }

    /** The double opt-in link; it stops working after {@code recap.preferences.confirmation-expiry}. */
    public String confirmUrl(long subscriberId, long listId) {
        return recap.link("/c/" + tokens.sign(new LinkToken(LinkToken.Purpose.CONFIRM, subscriberId, listId,
                confirmationExpiresAt().getEpochSecond())));
    }

    /** When a confirmation link made now stops working. */
    Instant confirmationExpiresAt() {
        return clock.instant().plus(properties.confirmationExpiry());
    }

    public String signupUrl(String listSlug) {
        return recap.link("/subscribe/" + listSlug);
    }

    public String archiveUrl(String listSlug) {
        return recap.link("/archive/" + listSlug);
    }
}
