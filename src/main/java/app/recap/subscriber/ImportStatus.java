package app.recap.subscriber;

/** Where an import is: waiting for a thread, running, or ended one of three ways. */
public enum ImportStatus {

    /** Stored and checked, waiting for a free import thread. */
    QUEUED,
    /** Being imported; its counts grow as batches are written. */
    RUNNING,
    /** Every row was read: imported or rejected with its reason. */
    DONE,
    /** Stopped by an error, or refused whole; the message says which and what to do. */
    FAILED,
    /** The server running it stopped before it finished; the rows before were imported. */
    INTERRUPTED;

    /** True once nothing more will happen to the import. */
    public boolean ended() {
        return this == DONE || this == FAILED || this == INTERRUPTED;
    }
}
