package app.recap.audience;

import java.text.Normalizer;
import java.util.Locale;

/** Turns an audience's display name, as feeds carry it, into its catalogue slug. */
public final class AudienceSlugs {

    private AudienceSlugs() {
    }

    /** "Enterprise &amp; Security Teams" becomes {@code enterprise-security-teams}. */
    public static String fromDisplayName(String displayName) {
        String ascii = Normalizer.normalize(displayName, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 80 ? slug.substring(0, 80) : slug;
    }
}
