package app.recap.tracking;

/**
 * The seam for the bounce log: a module that reads bounces and complaints (the bounce module) implements this, and
 * edition reports show its counts. While no bean implements it, reports show 0 bounced and 0 complaints.
 */
public interface EditionBounces {

    /** What no bounce log says: nothing bounced, nobody complained. */
    EditionBounces NONE = editionId -> new Counts(0, 0, 0);

    /** Zeros for an edition without bounces. */
    Counts counts(long editionId);

    /** @param complaints feedback-loop reports ("this is spam") of the edition's messages */
    record Counts(long hardBounces, long softBounces, long complaints) {
    }
}
