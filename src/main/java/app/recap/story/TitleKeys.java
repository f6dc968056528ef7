package app.recap.story;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The normal form of a title used to recognise the same story under slightly different headlines. */
public final class TitleKeys {

    // compiled once: String.replaceAll compiles its pattern on every call, and every stored story has a title key
    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private TitleKeys() {
    }

    /** Lower case, accents and punctuation removed, single spaces. */
    public static String of(String title) {
        String ascii = MARKS.matcher(Normalizer.normalize(title, Normalizer.Form.NFKD)).replaceAll("");
        String key = NOT_WORD.matcher(ascii.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return key.length() > 1000 ? key.substring(0, 1000) : key;
    }
}
