package app.recap.bounce;

import org.springframework.stereotype.Component;

import app.recap.tracking.EditionBounces;

/** Gives the edition reports (tracking) their bounced and complaint figures from the bounce log. */
@Component
class EditionBounceCounts implements EditionBounces {

    private final BounceLog bounceLog;

    EditionBounceCounts(BounceLog bounceLog) {
        this.bounceLog = bounceLog;
    }

    @Override
    public Counts counts(long editionId) {
        var counts = bounceLog.countsByEdition(editionId);
        return new Counts(counts.get(BounceType.HARD), counts.get(BounceType.SOFT), counts.get(BounceType.COMPLAINT));
    }
}
