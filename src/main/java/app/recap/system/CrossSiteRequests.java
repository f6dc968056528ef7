package app.recap.system;

import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import app.recap.RecapProperties;

/**
 * No other site can make a browser change anything here, whatever the authentication (a session cookie, Basic
 * credentials the browser cached after the API's 401 prompt). A state-changing request (anything but GET, HEAD,
 * OPTIONS, TRACE) is refused with 403 when
 * <ul>
 * <li>its {@code Sec-Fetch-Site} is {@code cross-site} (Fetch Metadata, sent by every current browser);</li>
 * <li>its {@code Origin} is not {@code recap.base-url}'s (nor one of {@code recap.http.allowed-origins}), except
 * {@code null} with {@code Sec-Fetch-Site: same-origin}: what a browser sends from our own no-referrer pages;</li>
 * <li>on the REST API and the actuator, it carries credentials (Basic, which a browser adds by itself once it
 * cached them) with a body type a plain HTML form can send ({@code text/plain}, {@code multipart/form-data},
 * {@code application/x-www-form-urlencoded}) or none, and without an {@code X-Requested-With} header: no form,
 * and no cross-site script without a CORS preflight (which is never granted), can add that header. A bearer
 * token is such a header itself; a request without credentials goes on to be refused 401.</li>
 * </ul>
 * This comes on top of the CSRF tokens of the admin UI and the public forms. Exempt are the addresses where a
 * cross-site POST is the protocol and the request carries its own proof: {@code /u/**} (RFC 8058 one-click
 * unsubscribe, the signed URL) and {@code /webhooks/**} (provider callbacks, each with its provider's signature);
 * and one where a post from another site is the point: {@code POST /subscribe/{list}}, the sign-up form a list's
 * own website embeds. It changes nothing that its owner has not confirmed: every sign-up posted from another site
 * is confirmed by email (double opt-in, whatever the list's setting), and the per-IP and per-address limits and the
 * honeypot of the sign-up stay in force.
 */
class CrossSiteRequests extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CrossSiteRequests.class);
    private static final PathPatternParser PARSER = PathPatternParser.defaultInstance;
    private static final PathPattern[] EXEMPT = {PARSER.parse("/u/**"), PARSER.parse("/webhooks/**")};
    /** The embeddable sign-up form's target: one segment, the list's slug; POST only. */
    private static final PathPattern[] EMBEDDABLE = {PARSER.parse("/subscribe/*")};
    private static final PathPattern[] SCRIPTED = {PARSER.parse("/api/**"), PARSER.parse("/actuator/**")};
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Set<String> FORM_TYPES = Set.of("text/plain", "multipart/form-data",
            "application/x-www-form-urlencoded");

    private final Set<String> origins = new LinkedHashSet<>();

    CrossSiteRequests(RecapProperties recap, HttpProperties http) {
        origins.add(origin(recap.baseUrl()));
        http.allowedOrigins().forEach(o -> origins.add(origin(o)));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        PathContainer path = PathContainer.parsePath(request.getRequestURI().substring(request.getContextPath().length()));
        if (matches(EXEMPT, path) || ("POST".equals(request.getMethod()) && matches(EMBEDDABLE, path))) {
            chain.doFilter(request, response);
            return;
        }
        String refusal = refusal(request, matches(SCRIPTED, path));
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        log.info("cross-site request refused client={} method={} path={} reason={}", request.getRemoteAddr(),
                request.getMethod(), request.getRequestURI(), refusal);
        response.sendError(HttpStatus.FORBIDDEN.value(), "Refused: " + refusal + ".");
    }

    private String refusal(HttpServletRequest request, boolean scripted) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return "the request came from another site";
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        // a page of ours served with "Referrer-Policy: no-referrer" (the token pages /c/, /p/, /u/) posts its own
        // forms with "Origin: null"; Fetch Metadata, which no page can set, still tells they came from here
        boolean ownPageWithoutReferrer = "null".equals(origin == null ? null : origin.strip())
                && "same-origin".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"));
        if (origin != null && !ownPageWithoutReferrer && !origins.contains(origin(origin))) {
            return "the request came from another origin";
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (scripted && authorization != null && !bearer(authorization) && formType(request.getContentType())
                && blank(request.getHeader("X-Requested-With"))) {
            return "an API request with a form's content type (or none) needs an X-Requested-With header";
        }
        return null;
    }

    private static boolean formType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return FORM_TYPES.contains(type);
    }

    private static boolean bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean matches(PathPattern[] patterns, PathContainer path) {
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static String origin(String value) {
        try {
            return origin(URI.create(value.strip()));
        } catch (IllegalArgumentException notAUri) {
            return "invalid";
        }
    }

    /** scheme://host[:port], lower-cased, without the scheme's default port; "null" and nonsense match nothing. */
    private static String origin(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return "invalid";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
