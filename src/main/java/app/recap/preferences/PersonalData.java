package app.recap.preferences;

/**
 * A module that keeps personal data about subscribers in tables of its own implements this, so "download my
 * data" includes it and "erase me" removes it. The preference center calls every bean of this type.
 */
public interface PersonalData {

    /** The key of this module's part in the JSON export, e.g. {@code "deliveries"}. */
    String name();

    /** This module's data about a subscriber as JSON-ready values (records, lists, maps, strings, numbers). */
    Object export(long subscriberId);

    /** Deletes this module's data about a subscriber; runs in the erasure's transaction, before the subscriber goes. */
    void erase(long subscriberId);
}
