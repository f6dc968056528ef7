package app.recap.tracking;

/** Why a recorded click or open is taken for a machine's rather than a reader's. */
public enum MachineReason {
    /** A {@code HEAD} request: link checkers ask whether a link works without following it. */
    HEAD,
    /** Within {@code recap.tracking.scanner-window} of the message being sent: a gateway scanning on arrival. */
    SCANNER_WINDOW,
    /** One client opened {@code recap.tracking.burst-links} links of one message within the burst window. */
    BURST,
    /** The User-Agent names a known link scanner (Safe Links, Mimecast, Proofpoint, Barracuda, ...). */
    SCANNER_AGENT,
    /** The request came from an address block of a known link scanner. */
    SCANNER_NETWORK,
    /** An open pixel fetched by an image proxy (Gmail's) rather than by the reader's mail app. */
    IMAGE_PROXY
}
