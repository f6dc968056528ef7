package app.recap.bounce.webhook;

import java.io.IOException;
import java.net.URI;

/**
 * The two requests SNS asks of a subscriber: fetching a signing certificate and confirming a subscription. Only
 * URIs that {@link SnsUrls} accepted are passed; tests put a server-less one in its place.
 */
interface SnsHttp {

    /**
     * GETs a URI and returns its body.
     *
     * @throws IOException when it cannot be fetched or answers other than 200
     */
    byte[] get(URI uri) throws IOException;
}
