package app.recap.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.support.RawHttp;
import app.recap.support.RawHttp.Response;

/**
 * What a probe from outside sends that no browser would: malformed and cut-off multipart bodies, bodies larger
 * than an endpoint takes (declared or chunked), a spoofed {@code X-Forwarded-For}, a foreign {@code Host}. Driven
 * over a real socket against the embedded Tomcat, because these are decided by the server and its filters before
 * any controller, where MockMvc cannot reach. Each test sends from its own loopback address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:hostile-requests;DB_CLOSE_DELAY=-1",
        "recap.admin.email=" + HostileRequestTests.ADMIN, "recap.admin.password=" + HostileRequestTests.PASSWORD,
        "recap.base-url=https://recap.example",
        // as README advised for running behind a proxy: with no proxy named, no forwarded header is believed
        "server.forward-headers-strategy=native",
        "recap.http.max-body.json=64KB", "recap.http.max-body.imports=256KB", "recap.http.max-body.bounces=128KB",
        "recap.http.max-body.webhooks=32KB", "recap.http.bad-requests.limit=4", "recap.http.bad-requests.period=10m"})
@ExtendWith(OutputCaptureExtension.class)
@Tag("database")
class HostileRequestTests {

    static final String ADMIN = "root@hostile.example";
    static final String PASSWORD = "correct horse battery";
    private static final String BASIC = "Authorization: Basic "
            + Base64.getEncoder().encodeToString((ADMIN + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String BOUNDARY = "----probe7MA4YWxkTrZu0gW";

    @LocalServerPort int port;
    @Autowired ListRepository lists;
    @Autowired AudienceRepository audiences;

    @Test
    void multipartWithoutBoundaryIsABadRequestNotAServerError() throws Exception {
        for (String path : List.of("/u/anything", "/api/lists/hostile-a/imports", "/admin/imports")) {
            Response response = http("127.0.0.11").send("""
                    POST %s HTTP/1.1
                    Host: recap.example
                    %s
                    Content-Type: multipart/form-data
                    Content-Length: 5""".formatted(path, BASIC).replace("\n", "\r\n"), "hello");
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.body()).doesNotContain("Whitelabel").doesNotContain("Exception");
        }
    }

    @Test
    void cutOffMultipartBodiesAreBadRequestsWithAFriendlyAnswer(CapturedOutput output) throws Exception {
        list("hostile-b");
        String cutOff = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nemail\r\nsomeone@example.com\r\n";
        // no endpoint but the imports (and webhooks) takes uploads: refused before Tomcat parses a byte of it
        Response anonymous = http("127.0.0.12").send(multipartHead("/u/anything", "", cutOff), cutOff);
        assertThat(anonymous.status()).isEqualTo(415);
        assertThat(anonymous.header("Content-Type")).startsWith("text/html");
        assertThat(anonymous.body()).doesNotContain("Whitelabel").contains("<html");

        Response api = http("127.0.0.12").send(multipartHead("/api/lists/hostile-b/imports",
                BASIC + "\r\nX-Requested-With: probe", cutOff), cutOff);
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.body()).contains("\"status\":400");

        Session session = signIn("127.0.0.12");
        Response ui = http("127.0.0.12").send(multipartHead("/admin/imports", "Cookie: " + session.cookie()
                + "\r\nX-CSRF-TOKEN: " + session.csrf(), cutOff), cutOff);
        assertThat(ui.status()).isEqualTo(400);
        assertThat(ui.body()).doesNotContain("Whitelabel");

        // one line each, never a stack trace
        assertThat(output.getAll()).contains("malformed request").doesNotContain("\tat org.")
                .doesNotContain("Servlet.service()");
    }

    @Test
    void theErrorPathAloneIsNotAServerError() throws Exception {
        Response response = http("127.0.0.13").send("""
                GET /error HTTP/1.1
                Host: recap.example
                Accept: text/html""".replace("\n", "\r\n"), "");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Whitelabel");
        Response missing = http("127.0.0.13").send("""
                GET /no/such/page HTTP/1.1
                Host: recap.example
                Accept: text/html""".replace("\n", "\r\n"), "");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body()).doesNotContain("Whitelabel").contains("<html");
    }

    @Test
    void repeatedBadRequestsFromOneClientAnswer429() throws Exception {
        String head = """
                POST /u/anything HTTP/1.1
                Host: recap.example
                Content-Type: multipart/form-data
                Content-Length: 5""".replace("\n", "\r\n");
        for (int i = 0; i < 4; i++) {
            assertThat(http("127.0.0.14").send(head, "hello").status()).isEqualTo(400);
        }
        Response throttled = http("127.0.0.14").send(head, "hello");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotBlank();
        // another client is not affected
        assertThat(http("127.0.0.15").send(head, "hello").status()).isEqualTo(400);
    }

    @Test
    void aJsonBodyDeclaredTooLargeIsRefusedBeforeItIsRead() throws Exception {
        long started = System.nanoTime();
        // 50 MB announced, a few bytes sent: an answer means the server did not wait for the rest
        Response response = http("127.0.0.16").send("""
                POST /api/stories HTTP/1.1
                Host: recap.example
                %s
                Content-Type: application/json
                Content-Length: 52428800""".formatted(BASIC).replace("\n", "\r\n"), "[{\"title\":\"");
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(System.nanoTime() - started).isLessThan(10_000_000_000L);
    }

    @Test
    void aChunkedBodyIsCutOffAtTheEndpointsLimit() throws Exception {
        // one story whose title goes on for 160 KB, in chunks of 8 KB; the JSON limit here is 64 KB
        StringBuilder chunks = new StringBuilder("b\r\n[{\"title\":\"\r\n");
        String chunk = "a".repeat(8192);
        for (int i = 0; i < 20; i++) {
            chunks.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        chunks.append("0\r\n\r\n");
        Response response = http("127.0.0.17").send("""
                POST /api/stories HTTP/1.1
                Host: recap.example
                %s
                Content-Type: application/json
                Transfer-Encoding: chunked""".formatted(BASIC).replace("\n", "\r\n"), chunks.toString());
        assertThat(response.status()).isEqualTo(413);
    }

    @Test
    void eachKindOfEndpointHasItsOwnBodyLimit() throws Exception {
        list("hostile-c");
        // imports take 256 KB here, so 100 KB of CSV passes the limit (and is accepted for import)
        String csv = "email\n" + "row@example.com\n".repeat(6_400);
        assertThat(http("127.0.0.18").send(head("/api/lists/hostile-c/imports", "text/csv", csv.length()), csv)
                .status()).isEqualTo(202);
        // ... which is more than a JSON endpoint takes
        assertThat(http("127.0.0.18").send(head("/api/stories", "application/json", 100_000), "[").status())
                .isEqualTo(413);
        assertThat(http("127.0.0.18").send(head("/api/lists/hostile-c/imports", "text/csv", 300_000), "email")
                .status()).isEqualTo(413);
        assertThat(http("127.0.0.18").send(head("/api/bounces", "message/rfc822", 200_000), "From:").status())
                .isEqualTo(413);
        assertThat(http("127.0.0.18").send(head("/webhooks/provider", "application/json", 40_000), "{").status())
                .isEqualTo(413);
    }

    @Test
    void aSpoofedForwardedForFromAnUnnamedProxyIsNotBelieved() throws Exception {
        String wrong = "Authorization: Basic "
                + Base64.getEncoder().encodeToString((ADMIN + ":wrong").getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            Response response = http("127.0.0.19").send("""
                    GET /api/lists HTTP/1.1
                    Host: recap.example
                    X-Forwarded-For: 203.0.113.%d
                    %s""".formatted(i, wrong).replace("\n", "\r\n"), "");
            assertThat(response.status()).isEqualTo(401);
        }
        Response throttled = http("127.0.0.19").send("""
                GET /api/lists HTTP/1.1
                Host: recap.example
                X-Forwarded-For: 203.0.113.99
                %s""".formatted(wrong).replace("\n", "\r\n"), "");
        assertThat(throttled.status()).isEqualTo(429);
    }

    @Test
    void absoluteUrlsComeFromTheBaseUrlNeverFromTheHostHeader() throws Exception {
        Response redirect = http("127.0.0.20").send("""
                GET /admin/lists HTTP/1.1
                Host: evil.example""".replace("\n", "\r\n"), "");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).doesNotContain("evil.example")
                .matches("(/|https://recap\\.example/).*admin/login.*");

        String audience = "{\"slug\":\"hostile-host\",\"displayName\":\"Hostile host\"}";
        Response created = http("127.0.0.20").send("""
                POST /api/audiences HTTP/1.1
                Host: evil.example
                X-Forwarded-Host: evil.example
                %s
                Content-Type: application/json
                Content-Length: %d""".formatted(BASIC, audience.length()).replace("\n", "\r\n"), audience);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("https://recap.example/api/audiences/hostile-host");
    }

    private RawHttp http(String from) {
        return RawHttp.to(port, from);
    }

    private static String head(String path, String contentType, long length) {
        return ("POST " + path + " HTTP/1.1\r\nHost: recap.example\r\n" + BASIC + "\r\nX-Requested-With: probe\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + length);
    }

    private static String multipartHead(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: recap.example\r\n" + (headers.isEmpty() ? "" : headers + "\r\n")
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length;
    }

    private record Session(String cookie, String csrf) {
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    /** Signs in through the login form as a browser would, returning the session cookie and a page's CSRF token. */
    private Session signIn(String from) throws Exception {
        Response page = http(from).send("GET /admin/login HTTP/1.1\r\nHost: recap.example", "");
        String cookie = page.header("Set-Cookie").split(";")[0];
        Matcher token = CSRF.matcher(page.body());
        assertThat(token.find()).as("login page has a CSRF token").isTrue();
        String form = "username=" + ADMIN.replace("@", "%40") + "&password=" + PASSWORD.replace(" ", "+")
                + "&_csrf=" + java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
        Response login = http(from).send("POST /admin/login HTTP/1.1\r\nHost: recap.example\r\nCookie: " + cookie
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length(), form);
        assertThat(login.status()).isEqualTo(302);
        assertThat(login.header("Location")).doesNotContain("error");
        String session = login.header("Set-Cookie") == null ? cookie : login.header("Set-Cookie").split(";")[0];
        Response imports = http(from).send("GET /admin/imports HTTP/1.1\r\nHost: recap.example\r\nCookie: " + session, "");
        assertThat(imports.status()).isEqualTo(200);
        Matcher pageToken = CSRF.matcher(imports.body());
        assertThat(pageToken.find()).isTrue();
        return new Session(session, pageToken.group(1));
    }

    private NewsletterList list(String slug) {
        Audience developers = audiences.ensure("developers-engineers", "Developers & Engineers", "Builders",
                List.of("api"));
        return lists.findBySlug(slug).orElseGet(() -> lists.create(new NewsletterList(0, slug, "List " + slug,
                "Recap Test", "digest@recap.example", null, "1 Test Street, Bristol", DayOfWeek.MONDAY,
                LocalTime.of(8, 0), ZoneId.of("Europe/London"), Locale.ENGLISH, true, false),
                List.of(developers.id()), Instant.parse("2026-11-01T00:00:00Z")));
    }
}
