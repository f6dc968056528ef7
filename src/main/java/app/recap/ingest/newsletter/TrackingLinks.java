package app.recap.ingest.newsletter;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The click-tracking redirects email service providers wrap around every link. Where the destination travels in the
 * link itself (a {@code url=} parameter, a base64 path segment as ConvertKit writes it) it is taken out here without
 * a request; where it does not (Mailchimp's {@code list-manage.com/track/click}, Substack's {@code /redirect/},
 * beehiiv, SendGrid) the link is a tracker that only a request can resolve.
 */
public final class TrackingLinks {

    /** Hosts (and their subdomains) that only redirect: a link to one is never the article itself. */
    private static final List<String> TRACKER_HOSTS = List.of("list-manage.com", "convertkit-mail.com",
            "convertkit-mail2.com", "convertkit-mail3.com", "convertkit-mail4.com", "ck.page", "kit-mail.com",
            "kit-mail2.com", "mail.beehiiv.com", "link.mail.beehiiv.com", "sendgrid.net", "ct.sendgrid.net",
            "mlsend.com", "rs6.net", "createsend1.com", "cmail19.com", "cmail20.com", "mailgun.org",
            "mg1.substack.com", "email.mg1.substack.com", "eomail1.com", "eomail4.com", "eomail5.com", "hubspotlinks.com",
            "buttondown.email", "mandrillapp.com", "mcsv.net", "awstrack.me", "r.mailjet.com", "click.pstmrk.it",
            "links.ghost.email");

    /** Parameters that carry the destination in the common redirect formats. */
    private static final Set<String> DESTINATION_PARAMS = Set.of("url", "u", "redirect", "redirect_url", "target",
            "link", "dest", "destination", "r", "to", "goto");

    private TrackingLinks() {
    }

    /**
     * The destination a tracking link carries in itself, unwrapped repeatedly (trackers nest), or the link unchanged
     * when it carries none.
     */
    public static String unwrap(String link) {
        String current = link;
        for (int round = 0; round < 3; round++) {
            String inner = carried(current);
            if (inner == null || inner.equals(current)) {
                break;
            }
            current = inner;
        }
        return current;
    }

    /**
     * True when the link points at a redirect host (or a known redirect path such as Substack's
     * {@code /redirect/} and {@code /r/}-style member links) rather than at content; extra hosts come from
     * configuration.
     */
    public static boolean isTracker(String link, List<String> extraHosts) {
        URI uri = uri(link);
        if (uri == null || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (matches(host, TRACKER_HOSTS) || matches(host, extraHosts)) {
            return true;
        }
        if (host.endsWith("substack.com") && path.startsWith("/redirect/")) {
            return true;
        }
        return host.startsWith("click.") || host.startsWith("clicks.") || host.startsWith("track.")
                || host.startsWith("links.") || host.startsWith("email.") && path.startsWith("/c/");
    }

    private static boolean matches(String host, List<String> suffixes) {
        for (String suffix : suffixes) {
            String s = suffix.strip().toLowerCase(Locale.ROOT);
            if (!s.isEmpty() && (host.equals(s) || host.endsWith("." + s))) {
                return true;
            }
        }
        return false;
    }

    private static String carried(String link) {
        URI uri = uri(link);
        if (uri == null || uri.getHost() == null) {
            return null;
        }
        String query = uri.getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv.length == 2 && DESTINATION_PARAMS.contains(kv[0].toLowerCase(Locale.ROOT))) {
                    String value = decode(kv[1]);
                    if (isHttp(value)) {
                        return value;
                    }
                }
            }
        }
        // ConvertKit and others append the destination, base64url-encoded, as a path segment
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        for (String segment : path.split("/")) {
            if (segment.length() >= 16 && segment.startsWith("aHR0c")) {
                String decoded = base64(segment);
                if (isHttp(decoded)) {
                    return decoded;
                }
            }
        }
        return null;
    }

    private static String base64(String segment) {
        String s = segment.replace('-', '+').replace('_', '/');
        s = s + "===".substring(0, (4 - s.length() % 4) % 4);
        try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException malformed) {
            return value;
        }
    }

    private static boolean isHttp(String value) {
        if (value == null) {
            return false;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        return (lower.startsWith("http://") || lower.startsWith("https://")) && uri(value) != null;
    }

    private static URI uri(String link) {
        if (link == null) {
            return null;
        }
        try {
            return new URI(link.strip().replace(" ", "%20"));
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
