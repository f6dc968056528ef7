package app.recap.ranking;

import java.util.Map;

/**
 * Where the ranking learns what readers read: the edition module asks for it before ranking and the tracking module
 * answers from its click log. Defined here so the ranking depends on nothing that records clicks.
 */
public interface ReadingHistory {

    /** No history: every story's engagement part is neutral, and editions rank as they would without clicks. */
    ReadingHistory NONE = (listId, editionId, editions) -> Map.of();

    /**
     * What each audience's readers were shown and clicked in the list's last {@code editions} sent editions before
     * the one being ranked.
     *
     * @return audience id to its reading; audiences without any are left out (empty when the list tracks nothing)
     */
    Map<Long, AudienceReading> recent(long listId, long editionId, int editions);
}
