package app.recap.subscriber;

import java.util.Locale;

/**
 * How long a reader wants the digest: about {@link #stories()} stories in all, spread over their sections in
 * turn, lead section first. A subscription without a choice gets its list's default ({@link #STANDARD} unless the
 * list says otherwise).
 */
public enum DigestLength {
    BRIEF(5), STANDARD(10), FULL(Integer.MAX_VALUE);

    private final int stories;

    DigestLength(int stories) {
        this.stories = stories;
    }

    /** The most stories an email of this length carries; {@link Integer#MAX_VALUE} for every story. */
    public int stories() {
        return stories;
    }

    /** The length a form or an API names ({@code brief}, {@code STANDARD}, ...), or null for a blank or unknown one. */
    public static DigestLength parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }
}
