package app.recap.preferences;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A minimal browser over real HTTP: keeps cookies (the session holding the CSRF token), follows redirects, and
 * submits a page's forms with their hidden fields, as a person clicking through the pages would.
 */
final class Browser {

    /** A response, its body parsed as HTML on demand. */
    record Page(int status, String body, URI uri) {

        Document doc() {
            return Jsoup.parse(body, uri.toString());
        }
    }

    private final HttpClient http;
    private final String origin;

    Browser(int port) {
        this.origin = "http://localhost:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    Page get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(origin + path)).GET().build());
    }

    /** Posts a raw form body, with nothing else: what a mail client's one-click unsubscribe does. */
    Page postRaw(String path, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(origin + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /**
     * Submits the form of {@code page} whose action ends with {@code actionSuffix}: its hidden fields plus the
     * given fields (name, value pairs; a name may repeat).
     */
    Page submit(Page page, String actionSuffix, String... fields) throws IOException, InterruptedException {
        Element form = page.doc().select("form").stream()
                .filter(f -> f.attr("action").endsWith(actionSuffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no form posting to *" + actionSuffix + " in\n" + page.body()));
        List<Map.Entry<String, String>> values = new ArrayList<>();
        for (Element hidden : form.select("input[type=hidden]")) {
            values.add(Map.entry(hidden.attr("name"), hidden.attr("value")));
        }
        for (int i = 0; i < fields.length; i += 2) {
            values.add(Map.entry(fields[i], fields[i + 1]));
        }
        String body = values.stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI action = page.uri().resolve(form.attr("action"));
        return send(HttpRequest.newBuilder(action).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Page send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Page(response.statusCode(), response.body(), response.uri());
    }
}
