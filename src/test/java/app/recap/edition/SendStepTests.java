package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import app.recap.edition.SendStep.Action;

/** What the weekly job does with an edition when its send comes, for every status an edition can be in. */
class SendStepTests {

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void aSkippedEditionSendsNothingAndAsksNothing() {
        SendStep step = SendStep.next(EditionStatus.SKIPPED, worth(SendDecision.send()), due(true));

        assertThat(step.action()).isEqualTo(Action.NOTHING);
        assertThat(step.sends()).isFalse();
        assertThat(asked).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(value = EditionStatus.class, names = {"COLLECTED", "RANKED"})
    void anEditionWorthSendingPreparesDeliveriesTheFirstTime(EditionStatus status) {
        SendStep step = SendStep.next(status, worth(SendDecision.send()), due(false));

        assertThat(step.action()).isEqualTo(Action.PREPARE);
        assertThat(step.sends()).isTrue();
        assertThat(step.reason()).isNull();
        assertThat(asked).hasValue(1);
    }

    @ParameterizedTest
    @EnumSource(value = EditionStatus.class, names = {"COLLECTED", "RANKED"})
    void aThinEditionIsSkippedWithTheReasonForItsNote(EditionStatus status) {
        SendStep step = SendStep.next(status, worth(SendDecision.skip("thin week: 2 of 9")), due(true));

        assertThat(step.action()).isEqualTo(Action.SKIP);
        assertThat(step.sends()).isFalse();
        assertThat(step.reason()).isEqualTo("thin week: 2 of 9");
    }

    @ParameterizedTest
    @EnumSource(value = EditionStatus.class, names = {"READY", "SENDING"})
    void aFrozenEditionResumesSendingWithoutBeingJudgedAgain(EditionStatus status) {
        SendStep step = SendStep.next(status, worth(SendDecision.skip("would be thin now")), due(false));

        assertThat(step.action()).isEqualTo(Action.RESUME);
        assertThat(step.sends()).isTrue();
        assertThat(asked).hasValue(0);
    }

    @Test
    void aSentEditionWithDeliveriesDueIsReopened() {
        SendStep step = SendStep.next(EditionStatus.SENT, worth(SendDecision.skip("thin")), due(true));

        assertThat(step.action()).isEqualTo(Action.REOPEN);
        assertThat(step.sends()).isTrue();
        assertThat(asked).hasValue(1);
    }

    @Test
    void aSentEditionWithNothingDueSendsNothing() {
        SendStep step = SendStep.next(EditionStatus.SENT, worth(SendDecision.send()), due(false));

        assertThat(step.action()).isEqualTo(Action.NOTHING);
        assertThat(step.sends()).isFalse();
        assertThat(step.reason()).isEqualTo("already sent");
    }

    private Supplier<SendDecision> worth(SendDecision decision) {
        return () -> {
            asked.incrementAndGet();
            return decision;
        };
    }

    private BooleanSupplier due(boolean due) {
        return () -> {
            asked.incrementAndGet();
            return due;
        };
    }
}
