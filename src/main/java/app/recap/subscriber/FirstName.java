package app.recap.subscriber;

import java.util.Locale;
import java.util.Set;

/**
 * The name a greeting uses: the first word of the subscriber's name, since we store one name field and "Hi Priya
 * Raman," reads like a form letter. "Raman, Priya" gives "Priya"; a leading title (Dr, Prof, Mr, Ms, Mrs, Mx, Herr,
 * Frau) is skipped; a name that is only an initial ("J."), has no letters, or looks like an address gives none,
 * and the email greets neutrally instead. Names written family name first come out as the family name: that is
 * the rule's known limit (docs/subscribers.md).
 */
public final class FirstName {

    private static final Set<String> TITLES = Set.of("dr", "prof", "mr", "mrs", "ms", "mx", "herr", "frau", "sir",
            "dame");

    private FirstName() {
    }

    /** The first name to greet by, or null for a neutral greeting. */
    public static String of(String name) {
        if (name == null || name.isBlank() || name.contains("@")) {
            return null;
        }
        String rest = name.strip();
        int comma = rest.indexOf(',');
        if (comma > 0 && comma < rest.length() - 1) {
            rest = rest.substring(comma + 1).strip();
        }
        String[] words = rest.split("\\s+");
        int i = 0;
        while (i < words.length - 1 && TITLES.contains(words[i].replace(".", "").toLowerCase(Locale.ROOT))) {
            i++;
        }
        String first = words[i];
        boolean initial = first.replace(".", "").length() <= 1;
        if (initial || first.codePoints().noneMatch(Character::isLetter)) {
            return null;
        }
        return first;
    }
}
