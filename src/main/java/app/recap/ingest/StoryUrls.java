package app.recap.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The normal form of a story URL, used to recognise the same story across feeds and re-fetches: relative
 * links resolved against the feed, scheme and host lower-cased, default ports, fragments and tracking
 * parameters dropped.
 */
final class StoryUrls {

    private static final Set<String> TRACKING = Set.of("fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid",
            "mc_cid", "mc_eid", "igshid", "yclid", "twclid", "ttclid", "li_fat_id", "_hsenc", "_hsmi", "ref_src",
            "cmpid", "mkt_tok", "_ga", "_gl", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "wt_mc", "wt.mc_id",
            "s_cid", "ncid", "ocid", "sr_share", "spm");
    /** Longer normal forms do not fit the story table and are not real article links. */
    static final int MAX_LENGTH = 2000;

    private StoryUrls() {
    }

    /**
     * @param link the link as the feed wrote it
     * @param base the feed's own URL or link, for relative links; may be null
     * @return the normalised absolute http(s) URL, or null when there is none
     */
    static String normalise(String link, String base) {
        if (link == null || link.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(link.strip().replace(" ", "%20"));
            if (!uri.isAbsolute() && base != null && base.startsWith("http")) {
                uri = new URI(base).resolve(uri);
            }
            uri = uri.normalize();
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
                return null;
            }
            int port = uri.getPort();
            if (port == 80 && scheme.equals("http") || port == 443 && scheme.equals("https")) {
                port = -1;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (path.startsWith("/..")) {
                path = path.replaceFirst("^(/\\.\\.)+", "");
                path = path.isEmpty() ? "/" : path;
            }
            String query = cleanQuery(uri.getRawQuery());
            String normal = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 ? "" : ":" + port)
                    + path + (query == null ? "" : "?" + query);
            return normal.length() > MAX_LENGTH ? null : normal;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String cleanQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return null;
        }
        List<String> kept = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!pair.isEmpty() && !name.startsWith("utm_") && !TRACKING.contains(name)) {
                kept.add(pair);
            }
        }
        return kept.isEmpty() ? null : String.join("&", kept);
    }
}
