package app.recap.preferences;

/**
 * What a signed link says: who, which list, what for, until when.
 *
 * @param expiresAt epoch seconds, 0 for links that do not expire (unsubscribe must keep working)
 */
public record LinkToken(Purpose purpose, long subscriberId, long listId, long expiresAt) {

    /** What a link may be used for; a token for one purpose is refused for another. */
    public enum Purpose {
        UNSUBSCRIBE("u"), PREFERENCES("p"), CONFIRM("c");

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
}
