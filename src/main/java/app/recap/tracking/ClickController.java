package app.recap.tracking;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * {@code /r/{token}}: a digest's story link. A genuine token is counted and redirected (302) to the story's stored
 * address; anything else gets the 404 page and no redirect. {@code /o/{token}}: the optional open pixel.
 */
@Controller
class ClickController {

    /** A transparent 1×1 GIF. */
    private static final byte[] PIXEL = java.util.Base64.getDecoder()
            .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    private final Clicks clicks;

    ClickController(Clicks clicks) {
        this.clicks = clicks;
    }

    @RequestMapping(path = "/r/{token}", method = {RequestMethod.GET, RequestMethod.HEAD})
    String follow(@PathVariable String token, HttpServletRequest request, HttpServletResponse response) {
        Optional<String> target = clicks.follow(token, request.getMethod(), request.getHeader(HttpHeaders.USER_AGENT),
                request.getRemoteAddr());
        noStore(response);
        if (target.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return "public/not-found";
        }
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader(HttpHeaders.LOCATION, target.get());
        return null;
    }

    @RequestMapping(path = "/o/{token}", method = {RequestMethod.GET, RequestMethod.HEAD})
    void open(@PathVariable String token, HttpServletRequest request, HttpServletResponse response)
            throws java.io.IOException {
        clicks.open(token, request.getMethod(), request.getHeader(HttpHeaders.USER_AGENT), request.getRemoteAddr());
        noStore(response);
        response.setContentType("image/gif");
        response.setContentLength(PIXEL.length);
        if (!"HEAD".equalsIgnoreCase(request.getMethod())) {
            response.getOutputStream().write(PIXEL);
        }
    }

    private static void noStore(HttpServletResponse response) {
        // every click is counted once per request, and the address the link leads to is nobody else's business
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Robots-Tag", "noindex");
    }
}
