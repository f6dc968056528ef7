package app.recap.admin.accounts;

import java.time.Duration;
import java.time.Instant;

/**
 * The current TOTP step for a test that types a code of a neighbouring step: a code of the step before is accepted
 * only while the server is still in the same step, so a test that crosses a step boundary between making the code
 * and sending it would fail for no fault of the code under test.
 */
final class TotpSteps {

    private TotpSteps() {
    }

    /** Waits, when needed, until at least {@code room} is left in the current step, and returns that step. */
    static long withRoom(Duration room) throws InterruptedException {
        long stepMillis = Totp.STEP_SECONDS * 1000L;
        long intoStep = Instant.now().toEpochMilli() % stepMillis;
        if (stepMillis - intoStep < room.toMillis()) {
            Thread.sleep(stepMillis - intoStep + 50);
        }
        return Totp.step(Instant.now());
    }
}
