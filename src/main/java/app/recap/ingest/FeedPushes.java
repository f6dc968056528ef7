package app.recap.ingest;

import java.util.Optional;

/** The WebSub state of feeds, for admins. */
public interface FeedPushes {

    /** Empty when the feed has no push subscription (it declares no hub, or push is off). */
    Optional<FeedPush> of(long feedId);
}
