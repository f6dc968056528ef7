package app.recap.subscriber;

/**
 * A module that keeps personal data about subscribers in tables of its own implements this, so "download my
 * data" includes it and every erasure, the administrator's and the subscriber's own, removes it (both run
 * through {@link SubscriberErasure}, which calls every bean of this type). It lives here, at the bottom of the
 * module graph, so that every module that keeps such data (delivery, admin's audit log) can implement it
 * without depending on the module that asks.
 */
public interface PersonalData {

    /** The key of this module's part in the JSON export, e.g. {@code "deliveries"}. */
    String name();

    /** This module's data about a subscriber as JSON-ready values (records, lists, maps, strings, numbers). */
    Object export(long subscriberId);

    /**
     * Deletes (or strips) this module's data about a subscriber. Runs in the erasure's transaction while the
     * subscriber row still exists; afterwards nothing this module keeps may hold the address, the name or any
     * other personal detail.
     */
    void erase(Erasure erasure);

    /**
     * Who is being erased.
     *
     * @param subscriberId      the subscriber
     * @param email             the address as stored (lower case), for data kept by address rather than by id
     * @param placeholderRemains true when the subscriber row stays as an anonymous placeholder, so rows without
     *                          personal data (the delivery log's counts) may keep pointing at it; false when the
     *                          row goes, or keeps the address (a suppressed one), so every row about it must go
     */
    record Erasure(long subscriberId, String email, boolean placeholderRemains) {
    }
}
