package app.recap.preferences;

/**
 * What a signed link says: who, which list, what for, until when.
 *
 * @param expiresAt epoch seconds, 0 for links that do not expire (unsubscribe must keep working)
 */
record LinkToken(Purpose purpose, long subscriberId, long listId, long expiresAt) {

    /** What a link may be used for; a token for one purpose is refused for another. */
    public enum Purpose {
        /** The {@code List-Unsubscribe} URL: POST unsubscribes from one list. Never expires. */
        UNSUBSCRIBE("u"),
        /** The preference center of one subscription. Never expires: it is in every email. */
        PREFERENCES("p"),
        /** The double opt-in link of a confirmation email. Expires ({@code recap.preferences.confirmation-expiry}). */
        CONFIRM("c"),
        /** "View in browser": the reader's own edition, with their topics and length. Never expires. */
        VIEW("v");

        final String code;

        Purpose(String code) {
            this.code = code;
        }

        static Purpose ofCode(String code) {
            for (Purpose p : values()) {
                if (p.code.equals(code)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown purpose");
        }
    }

    /** The outcome of checking a token. */
    public enum Check {
        /** Signed by one of our keys, for the expected purpose, not expired. */
        VALID,
        /** Genuine and for the expected purpose, but past its expiry: the claims are still known. */
        EXPIRED,
        /** Malformed, tampered with, signed with a key we no longer hold, or meant for another purpose. */
        INVALID
    }

    /**
     * A checked token.
     *
     * @param claims null when {@link Check#INVALID}
     */
    public record Verification(Check check, LinkToken claims) {

        static final Verification INVALID = new Verification(Check.INVALID, null);

        public boolean valid() {
            return check == Check.VALID;
        }
    }
}
