package app.recap.edition;

/**
 * An edition's life: stories COLLECTED, RANKED, deliveries prepared (READY), being SENT (SENDING), done (SENT)
 * or not sent because there was nothing to send (SKIPPED). Content is frozen from READY on.
 */
public enum EditionStatus {
    COLLECTED, RANKED, READY, SENDING, SENT, SKIPPED;

    public boolean contentFrozen() {
        return this == READY || this == SENDING || this == SENT;
    }
}
