package app.recap.bounce.webhook;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The only URLs an SNS message may make Recap fetch: https on {@code sns.<region>.amazonaws.com}, default port, no
 * user info. Anything else in {@code SigningCertURL} or {@code SubscribeURL} is a forgery or an attempt to make
 * Recap call elsewhere.
 */
final class SnsUrls {

    private static final Pattern HOST = Pattern.compile("sns\\.[a-z]{2}(-[a-z]+)+-\\d\\.amazonaws\\.com");

    private SnsUrls() {
    }

    /** @throws WebhookRefused (403) when the URL is not one of SNS's own */
    static URI checked(String url, String field) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || (uri.getPort() != -1 && uri.getPort() != 443)
                || !HOST.matcher(uri.getHost().toLowerCase(Locale.ROOT)).matches()) {
            throw WebhookRefused.forged(field + " is not https://sns.<region>.amazonaws.com/...");
        }
        return uri;
    }
}
