package app.recap.story;

import java.text.Normalizer;
import java.util.Locale;

/** The normal form of a title used to recognise the same story under slightly different headlines. */
public final class TitleKeys {

    private TitleKeys() {
    }

    /** Lower case, accents and punctuation removed, single spaces. */
    public static String of(String title) {
        String ascii = Normalizer.normalize(title, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String key = ascii.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
        return key.length() > 1000 ? key.substring(0, 1000) : key;
    }
}
