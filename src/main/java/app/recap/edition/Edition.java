package app.recap.edition;

/** A list's edition for one ISO week. */
public record Edition(long id, long listId, IsoWeek week, EditionStatus status, int storyCount, String note) {
}
