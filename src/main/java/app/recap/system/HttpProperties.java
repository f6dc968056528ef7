package app.recap.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * How the server meets requests from outside ({@code recap.http.*}).
 *
 * @param allowedOrigins origins besides {@code recap.base-url}'s that may send state-changing requests (a second
 *                       host name the admin UI is reached by); empty by default
 * @param maxBody        the largest request body each kind of endpoint takes; a larger one is refused with 413
 *                       before it is read
 * @param badRequests    how many malformed or oversized requests one client address may send per period before
 *                       it is answered 429
 */
@ConfigurationProperties("recap.http")
record HttpProperties(List<URI> allowedOrigins, MaxBody maxBody, BadRequests badRequests) {

    HttpProperties {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }

    /**
     * @param json     JSON bodies (the REST API, the story intake)
     * @param imports  file imports, as an upload or as the body (API and UI): subscriber CSV, feed OPML (which the
     *                 ingest module holds to {@code recap.ingest.max-body-size} as well)
     * @param bounces  raw bounce messages posted to {@code /api/bounces}
     * @param webhooks provider callbacks under {@code /webhooks/**}
     * @param other    everything else: admin and public forms, empty POSTs
     */
    record MaxBody(DataSize json, DataSize imports, DataSize bounces, DataSize webhooks, DataSize other) {
    }

    /**
     * @param limit  malformed or oversized requests one address may send per period
     * @param period how long the address waits for all of them to come back
     */
    record BadRequests(int limit, Duration period) {

        BadRequests {
            if (limit < 1 || period == null || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("recap.http.bad-requests needs a limit of at least 1 and a positive period");
            }
        }
    }
}
