package app.recap.bounce.webhook;

import app.recap.bounce.Bounces;

/**
 * A webhook call's answer (always 200: the provider stops retrying).
 *
 * @param events  bounces, complaints and auto-replies the call reported
 * @param applied whether anything changed: false for a replay and for calls about nothing Recap acts on
 */
record Heard(int events, boolean applied) {

    static final Heard NOTHING = new Heard(0, false);

    static Heard of(Bounces.Outcome outcome) {
        return new Heard(outcome.events().size(), outcome.applied());
    }
}
