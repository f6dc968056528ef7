package app.recap.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

import javax.net.ssl.SSLException;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fetches a feed's bytes: over HTTP with a connect timeout, one deadline for the whole answer, bounded redirects
 * (each checked by the {@link AddressGuard}), gzip, conditional GET and a body limit counted while the bytes
 * arrive; or from the classpath for bundled feeds.
 */
@Component
class FeedFetcher {

    static final String CLASSPATH_PREFIX = "classpath:";

    /** What a fetch returned. {@code body} is empty when {@code notModified}. */
    record FetchedFeed(int status, byte[] body, String contentType, String etag, String lastModified,
            String finalUrl, WebLinks links) {

        FetchedFeed(int status, byte[] body, String contentType, String etag, String lastModified, String finalUrl) {
            this(status, body, contentType, etag, lastModified, finalUrl, WebLinks.NONE);
        }

        boolean notModified() {
            return status == 304;
        }
    }

    private final IngestProperties properties;
    private final AddressGuard guard;
    private final Clock clock;
    private final HttpClient client;

    FeedFetcher(IngestProperties properties, AddressGuard guard, Clock clock) {
        this.properties = properties;
        this.guard = guard;
        this.clock = clock;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                // redirects are followed here, so that the guard sees every hop
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    FetchedFeed fetch(FeedSource source) throws FeedParseException {
        if (source.url().startsWith(CLASSPATH_PREFIX)) {
            return fetchBundled(source.url());
        }
        URI uri = parse(source.url());
        long deadline = System.nanoTime() + properties.readTimeout().toNanos();
        int lastStatus = 0;
        for (int hop = 0; hop <= properties.maxRedirects(); hop++) {
            requireHttp(uri);
            guard.check(uri);
            HttpResponse<byte[]> response = exchange(uri, source, deadline);
            int status = response.statusCode();
            HttpHeaders headers = response.headers();
            if (isRedirect(status)) {
                lastStatus = status;
                String location = headers.firstValue("Location").orElseThrow(() -> new FetchFailure(
                        "the server answered HTTP " + status + " (a redirect) without saying where to", status, null));
                uri = resolve(uri, location);
                continue;
            }
            if (status == 304) {
                return new FetchedFeed(304, new byte[0], null, null, null, uri.toString());
            }
            if (status < 200 || status > 299 || status == 204) {
                throw new FetchFailure("the server answered HTTP " + status + describe(status), status,
                        retryAfter(headers));
            }
            byte[] body = decode(response.body(), headers.firstValue("Content-Encoding").orElse("identity"));
            return new FetchedFeed(status, body, headers.firstValue("Content-Type").orElse(null),
                    headers.firstValue("ETag").orElse(null), headers.firstValue("Last-Modified").orElse(null),
                    uri.toString(), WebLinks.parse(headers.allValues("Link")));
        }
        throw new FetchFailure("the server redirected more than " + properties.maxRedirects() + " times", lastStatus,
                null);
    }

    private HttpResponse<byte[]> exchange(URI uri, FeedSource source, long deadline) throws FeedParseException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("User-Agent", properties.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/feed+json, "
                        + "application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
                .header("Accept-Encoding", "gzip")
                .GET();
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // no h2c upgrade dance on plain http; HTTP/2 stays available over TLS
            request.version(HttpClient.Version.HTTP_1_1);
        }
        if (source.etag() != null) {
            request.header("If-None-Match", source.etag());
        }
        if (source.lastModified() != null) {
            request.header("If-Modified-Since", source.lastModified());
        }
        long limit = properties.maxBodySize().toBytes();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), info -> {
            int status = info.statusCode();
            if (status < 200 || status > 299) {
                return new LimitedBody(0, deadline); // the body of an error or redirect is not read
            }
            long announced = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > limit) {
                return LimitedBody.refused(new BodyTooLarge(announced));
            }
            return new LimitedBody(limit, deadline);
        });
        try {
            return future.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new FeedParseException("interrupted while fetching", e);
        } catch (ExecutionException e) {
            throw failure(uri, e.getCause());
        }
    }

    private FeedParseException failure(URI uri, Throwable thrown) {
        // the client may wrap what went wrong; the innermost known cause says it best
        Throwable cause = thrown;
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BodyTooLarge || t instanceof DeadlinePassed || t instanceof HttpTimeoutException
                    || t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SSLException) {
                cause = t;
                break;
            }
        }
        String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        if (cause instanceof BodyTooLarge tooLarge) {
            return new FetchFailure("the feed is larger than the limit of " + size(properties.maxBodySize().toBytes())
                    + (tooLarge.announced > 0 ? " (the server announced " + tooLarge.announced + " bytes)" : "")
                    + "; it was not read", 200, null);
        }
        if (cause instanceof DeadlinePassed) {
            return timedOut();
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchFailure("could not connect to " + host + " within "
                    + properties.connectTimeout().toSeconds() + " s", null, null);
        }
        if (cause instanceof HttpTimeoutException) {
            return timedOut();
        }
        if (cause instanceof ConnectException) {
            return new FetchFailure("could not connect to " + host + " (connection refused or unreachable)", null,
                    null);
        }
        if (cause instanceof UnknownHostException) {
            return new FetchFailure("the host name " + uri.getHost() + " could not be found (DNS)", null, null);
        }
        if (cause instanceof SSLException) {
            return new FetchFailure("the secure (https) connection to " + host + " failed: " + words(cause), null,
                    null);
        }
        return new FetchFailure("the connection to " + host + " broke: " + words(cause), null, null);
    }

    private FetchFailure timedOut() {
        return new FetchFailure("the server did not send the whole feed within " + properties.readTimeout().toSeconds()
                + " s", null, null);
    }

    private byte[] decode(byte[] body, String contentEncoding) throws FeedParseException {
        String encoding = contentEncoding.strip().toLowerCase(Locale.ROOT);
        if (encoding.isEmpty() || encoding.equals("identity")) {
            return body;
        }
        try {
            return switch (encoding) {
                case "gzip", "x-gzip" -> inflate(new GZIPInputStream(new ByteArrayInputStream(body)));
                case "deflate" -> inflate(new InflaterInputStream(new ByteArrayInputStream(body)));
                default -> throw new FetchFailure("the server sent the feed compressed as '" + contentEncoding
                        + "', which Recap did not ask for", 200, null);
            };
        } catch (ZipException e) {
            throw new FetchFailure("the server sent a broken " + encoding + " stream: " + words(e), 200, null);
        } catch (IOException e) {
            throw new FetchFailure("the feed could not be decompressed: " + words(e), 200, null);
        }
    }

    /** Decompresses while counting, so a small "zip bomb" stops at the same limit as a large feed. */
    private byte[] inflate(InputStream in) throws IOException, FeedParseException {
        long limit = properties.maxBodySize().toBytes();
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw new FetchFailure("the feed is larger than the limit of " + size(limit)
                            + " once decompressed; it was not read", 200, null);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private Duration retryAfter(HttpHeaders headers) {
        String value = headers.firstValue("Retry-After").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(clock.instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static URI parse(String url) throws FeedParseException {
        try {
            return new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new FeedParseException("the feed URL is not a valid URL (" + e.getReason() + ")");
        }
    }

    private static URI resolve(URI base, String location) throws FeedParseException {
        try {
            return base.resolve(new URI(location.strip().replace(" ", "%20")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchFailure("the server redirected to an invalid URL: " + location, null, null);
        }
    }

    private static void requireHttp(URI uri) throws FeedParseException {
        String scheme = uri.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new FeedParseException("only http and https feed URLs are fetched, not " + uri);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String describe(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known == null ? "" : " (" + known.getReasonPhrase() + ")";
        if (status == 404 || status == 410) {
            return reason + ": the feed is not at this URL any more";
        }
        if (status == 401 || status == 403) {
            return reason + ": the server does not let Recap read this feed";
        }
        if (status == 429) {
            return reason + ": the server asks Recap to fetch less often";
        }
        if (status == 204) {
            return reason + ": the server sent no feed";
        }
        return reason;
    }

    /** "10MB", "512KB" or "1234 bytes", as an admin would write the setting. */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + "MB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + "KB";
        }
        return bytes + " bytes";
    }

    private static String words(Throwable e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static FetchedFeed fetchBundled(String url) throws FeedParseException {
        ClassPathResource resource = new ClassPathResource(url.substring(CLASSPATH_PREFIX.length()));
        try (InputStream in = resource.getInputStream()) {
            return new FetchedFeed(200, in.readAllBytes(), null, null, null, url);
        } catch (IOException e) {
            throw new FeedParseException("bundled feed " + url + " is missing", e);
        }
    }

    /** The body is over the limit, announced by Content-Length or counted while it arrived. */
    private static final class BodyTooLarge extends IOException {

        private final long announced;

        BodyTooLarge(long announced) {
            super("body too large");
            this.announced = announced;
        }
    }

    /** The deadline passed while the body was still arriving (a server dripping bytes). */
    private static final class DeadlinePassed extends IOException {

        DeadlinePassed() {
            super("deadline passed");
        }
    }

    /**
     * Collects a response body up to a limit, cancelling the exchange as soon as it is exceeded or the deadline has
     * passed, so neither a huge nor a trickling body is read to its end.
     */
    private static final class LimitedBody implements BodySubscriber<byte[]> {

        private final long limit;
        private final long deadline;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;
        private long total;

        LimitedBody(long limit, long deadline) {
            this.limit = limit;
            this.deadline = deadline;
        }

        static LimitedBody refused(IOException reason) {
            LimitedBody body = new LimitedBody(0, 0);
            body.result.completeExceptionally(reason);
            return body;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (result.isDone() || limit == 0) {
                subscription.cancel();
                result.complete(new byte[0]);
                return;
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer buffer : buffers) {
                total += buffer.remaining();
                if (total > limit) {
                    stop(new BodyTooLarge(-1));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            if (System.nanoTime() - deadline > 0) {
                stop(new DeadlinePassed());
                return;
            }
            subscription.request(1);
        }

        private void stop(IOException reason) {
            subscription.cancel();
            result.completeExceptionally(reason);
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }
}
