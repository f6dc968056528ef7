package app.recap.ingest;

/**
 * A fetched feed declares a WebSub hub, so it can be pushed rather than only polled. Published on every successful
 * fetch of such a feed; the listener decides whether a subscription is needed.
 *
 * @param topic the feed's rel="self" URL, or the URL it was fetched from when it declares none
 */
public record HubDeclared(long feedId, String hub, String topic) {
}
