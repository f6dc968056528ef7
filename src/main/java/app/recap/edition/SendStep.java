package app.recap.edition;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the weekly job does with an edition when its turn to be sent comes, decided from the edition's status by
 * {@link EditionBuilder#nextSendStep}. The job carries it out; the decision itself changes nothing.
 *
 * @param action what to do
 * @param reason why nothing is sent, in words for the log and (for {@link Action#SKIP}) the edition's note; null
 *               when something is sent
 */
public record SendStep(Action action, String reason) {

    public enum Action {
        /** Nothing to send: the edition was skipped before, or it was sent and no delivery is due. */
        NOTHING,
        /** Not worth sending (no or too few relevant stories): mark it SKIPPED with the reason, send nothing. */
        SKIP,
        /** The first send: prepare one delivery per active subscriber, mark it SENDING, send. */
        PREPARE,
        /** Deliveries were prepared before (a restart, a later slot): send whatever is pending and due. */
        RESUME,
        /** Sent, but deliveries are due again (re-opened failures, a later time zone): mark it SENDING, send. */
        REOPEN;
    }

    /** Whether the job goes on to its send step. */
    public boolean sends() {
        return action == Action.PREPARE || action == Action.RESUME || action == Action.REOPEN;
    }

    /**
     * The decision for an edition in {@code status}; the suppliers are asked only when the status needs them, so a
     * caller pays for their queries only then.
     *
     * @param worthSending  for an edition not frozen yet (COLLECTED, RANKED): whether it is worth sending
     * @param deliveriesDue for a SENT edition: whether any delivery is pending and due now
     */
    static SendStep next(EditionStatus status, Supplier<SendDecision> worthSending, BooleanSupplier deliveriesDue) {
        return switch (status) {
            case SKIPPED -> new SendStep(Action.NOTHING, "skipped before");
            case COLLECTED, RANKED -> {
                SendDecision decision = worthSending.get();
                yield decision.sendable() ? new SendStep(Action.PREPARE, null)
                        : new SendStep(Action.SKIP, decision.reason());
            }
            case READY, SENDING -> new SendStep(Action.RESUME, null);
            case SENT -> deliveriesDue.getAsBoolean() ? new SendStep(Action.REOPEN, null)
                    : new SendStep(Action.NOTHING, "already sent");
        };
    }
}
