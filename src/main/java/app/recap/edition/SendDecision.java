package app.recap.edition;

/**
 * Whether an edition goes out, and if not why, in words for the admin who reads the edition's note.
 *
 * @param reason null when it is sendable
 */
public record SendDecision(boolean sendable, String reason) {

    static SendDecision send() {
        return new SendDecision(true, null);
    }

    static SendDecision skip(String reason) {
        return new SendDecision(false, reason);
    }
}
