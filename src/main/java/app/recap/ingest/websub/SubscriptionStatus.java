package app.recap.ingest.websub;

/** Where a WebSub subscription stands with its hub. */
enum SubscriptionStatus {
    /** asked for, the hub's verification has not come yet */
    PENDING,
    /** verified; pushes are accepted until the lease ends */
    ACTIVE,
    /** the hub refused it (hub.mode=denied) */
    DENIED,
    /** the subscribe request failed; polling alone goes on */
    FAILED,
    /** asked the hub to stop; its verification of that is awaited */
    UNSUBSCRIBING
}
