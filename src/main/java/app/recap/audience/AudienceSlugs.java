package app.recap.audience;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns an audience's display name, as feeds carry it, into its catalogue slug. */
public final class AudienceSlugs {

    // compiled once: String.replaceAll compiles its pattern on every call, and every enriched feed item names audiences
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_SLUG = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_DASH = Pattern.compile("(^-|-$)");

    private AudienceSlugs() {
    }

    /** "Enterprise &amp; Security Teams" becomes {@code enterprise-security-teams}. */
    public static String fromDisplayName(String displayName) {
        String ascii = MARKS.matcher(Normalizer.normalize(displayName, Normalizer.Form.NFKD)).replaceAll("");
        String slug = EDGE_DASH.matcher(NOT_SLUG.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll("-")).replaceAll("");
        return slug.length() > 80 ? slug.substring(0, 80) : slug;
    }
}
