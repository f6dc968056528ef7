package app.recap.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.zip.GZIPInputStream;

import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Fetches a feed's bytes: over HTTP with timeouts, bounded redirects, gzip, conditional GET and a body limit
 * counted while streaming; or from the classpath for bundled feeds.
 */
@Component
class FeedFetcher {

    static final String CLASSPATH_PREFIX = "classpath:";
    private static final int MAX_REDIRECTS = 5;

    /** What a fetch returned. {@code body} is empty when {@code notModified}. */
    record FetchedFeed(int status, byte[] body, String contentType, String etag, String lastModified,
            String finalUrl) {

        boolean notModified() {
            return status == 304;
        }
    }

    private final IngestProperties properties;
    private final HttpClient client;

    FeedFetcher(IngestProperties properties) {
        this.properties = properties;
        this.client = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    FetchedFeed fetch(FeedSource source) throws FeedParseException {
        if (source.url().startsWith(CLASSPATH_PREFIX)) {
            return fetchBundled(source.url());
        }
        URI uri;
        try {
            uri = URI.create(source.url());
        } catch (IllegalArgumentException e) {
            throw new FeedParseException("the feed URL is not a valid URL");
        }
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(uri, source);
            int status = response.statusCode();
            if (status >= 300 && status < 400 && status != 304) {
                String location = response.headers().firstValue("Location")
                        .orElseThrow(() -> new FeedParseException("HTTP " + status + " redirect without a Location"));
                close(response);
                uri = uri.resolve(location);
                continue;
            }
            if (status == 304) {
                close(response);
                return new FetchedFeed(304, new byte[0], null, source.etag(), source.lastModified(), uri.toString());
            }
            if (status != 200) {
                close(response);
                throw new FeedParseException("the server answered HTTP " + status);
            }
            byte[] body = readLimited(response);
            return new FetchedFeed(status, body, response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().firstValue("ETag").orElse(null),
                    response.headers().firstValue("Last-Modified").orElse(null), uri.toString());
        }
        throw new FeedParseException("more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpResponse<InputStream> send(URI uri, FeedSource source) throws FeedParseException {
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new FeedParseException("only http and https feed URLs are fetched");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(properties.readTimeout())
                .header("User-Agent", properties.userAgent())
                .header("Accept", "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5")
                .header("Accept-Encoding", "gzip");
        if (source.etag() != null) {
            request.header("If-None-Match", source.etag());
        }
        if (source.lastModified() != null) {
            request.header("If-Modified-Since", source.lastModified());
        }
        try {
            return client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FeedParseException("the server did not answer within " + properties.readTimeout().toSeconds() + " s", e);
        } catch (IOException e) {
            throw new FeedParseException("could not connect to " + uri.getHost() + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedParseException("interrupted while fetching", e);
        }
    }

    private byte[] readLimited(HttpResponse<InputStream> response) throws FeedParseException {
        long limit = properties.maxBodySize().toBytes();
        boolean gzip = response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false);
        try (InputStream raw = response.body(); InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > limit) {
                    throw new FeedParseException("the feed is larger than the limit of " + properties.maxBodySize());
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new FeedParseException("the connection broke while reading the feed: " + e.getMessage(), e);
        }
    }

    private static FetchedFeed fetchBundled(String url) throws FeedParseException {
        ClassPathResource resource = new ClassPathResource(url.substring(CLASSPATH_PREFIX.length()));
        try (InputStream in = resource.getInputStream()) {
            return new FetchedFeed(200, in.readAllBytes(), null, null, null, url);
        } catch (IOException e) {
            throw new FeedParseException("bundled feed " + url + " is missing", e);
        }
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }
}
