package app.recap.bounce;

/**
 * What one refusal means.
 *
 * @param status the enhanced status code ({@code 5.1.1}) as given, or derived from the reply code ({@code 5.0.0});
 *               null when there was none (complaints, auto-replies)
 * @param reason a few words a person reads in the bounce log ({@code user unknown}, {@code mailbox full})
 */
public record Verdict(BounceType type, String status, String reason) {
}
