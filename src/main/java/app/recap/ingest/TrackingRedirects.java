package app.recap.ingest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.recap.ingest.newsletter.TrackingLinks;

/**
 * Resolves an ESP's tracking link to the article it leads to by asking it: one HEAD per hop (GET where HEAD is not
 * allowed), no body read, each hop behind the request-forgery guard, stopping at the first location that is no
 * longer a tracker, so the article's own site is not asked anything. Resolving a tracking link counts as a click
 * for the mailbox's subscription at the ESP; {@code recap.newsletters.resolve-redirects=false} turns it off.
 */
@Component
class TrackingRedirects {

    private static final Logger log = LoggerFactory.getLogger(TrackingRedirects.class);

    private final AddressGuard guard;
    private final IngestProperties ingest;
    private final NewsletterProperties newsletters;
    private final HttpClient client;

    TrackingRedirects(AddressGuard guard, IngestProperties ingest, NewsletterProperties newsletters) {
        this.guard = guard;
        this.ingest = ingest;
        this.newsletters = newsletters;
        this.client = HttpClient.newBuilder().connectTimeout(ingest.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Where the tracking link leads, or empty when it cannot be told (off, refused, no redirect, too many hops). */
    Optional<String> resolve(String trackingLink) {
        if (!newsletters.resolveRedirects()) {
            return Optional.empty();
        }
        long deadline = System.nanoTime() + newsletters.redirectTimeout().toNanos();
        URI uri;
        try {
            uri = URI.create(trackingLink);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
        List<String> extra = newsletters.trackingHosts();
        for (int hop = 0; hop <= ingest.maxRedirects(); hop++) {
            try {
                guard.check(uri);
                HttpResponse<Void> response = ask(uri, "HEAD", deadline);
                if (response.statusCode() == 405 || response.statusCode() == 501) {
                    response = ask(uri, "GET", deadline);
                }
                int status = response.statusCode();
                Optional<String> location = response.headers().firstValue("Location");
                if (status < 300 || status > 399 || location.isEmpty()) {
                    log.info("tracking link {} answered {} without a redirect", uri.getHost(), status);
                    return Optional.empty();
                }
                URI next = uri.resolve(location.get().strip());
                String unwrapped = TrackingLinks.unwrap(next.toString());
                if (!TrackingLinks.isTracker(unwrapped, extra)) {
                    return Optional.of(unwrapped);
                }
                uri = URI.create(unwrapped);
            } catch (FeedParseException refused) {
                log.info("tracking link not resolved: {}", refused.getMessage());
                return Optional.empty();
            } catch (IOException | IllegalArgumentException e) {
                log.info("tracking link {} not resolved: {}", uri.getHost(), e.toString());
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private HttpResponse<Void> ask(URI uri, String method, long deadline) throws IOException, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new IOException("timed out after " + newsletters.redirectTimeout());
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofNanos(remaining))
                .header("User-Agent", ingest.userAgent()).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding());
    }
}
