package app.recap.subscriber;

/**
 * What a list's digests record when a reader follows a story link (the list column {@code tracking}). Footer,
 * preference and unsubscribe links are never tracked, whatever the mode.
 */
public enum ClickTracking {
    /** Story links point straight at the story; nothing is recorded. */
    OFF,
    /** Clicks are counted per edition, section and story; nothing names the reader. The default. */
    ANONYMOUS,
    /** As anonymous, and each click also names the delivery and subscriber (exported and erased with them). */
    SUBSCRIBER
}
