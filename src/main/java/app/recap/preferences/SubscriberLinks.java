package app.recap.preferences;

import org.springframework.stereotype.Component;

import app.recap.RecapProperties;

/** The personal links an email carries, signed for one subscriber on one list. */
@Component
public class SubscriberLinks {

    private final LinkTokens tokens;
    private final RecapProperties recap;

    SubscriberLinks(LinkTokens tokens, RecapProperties recap) {
        this.tokens = tokens;
        this.recap = recap;
    }

    /** The one-click unsubscribe URL: a POST unsubscribes (RFC 8058), a GET asks first. Does not expire. */
    public String unsubscribeUrl(long subscriberId, long listId) {
        return recap.link("/u/" + tokens.sign(new LinkToken(LinkToken.Purpose.UNSUBSCRIBE, subscriberId, listId, 0)));
    }

    public String preferencesUrl(long subscriberId, long listId) {
        return recap.link("/p/" + tokens.sign(new LinkToken(LinkToken.Purpose.PREFERENCES, subscriberId, listId, 0)));
    }
}
