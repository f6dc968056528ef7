package app.recap.edition;

/**
 * Where a rendered digest's story links point. The archive and the admin preview use {@link #DIRECT}; the sender
 * gives click-counting links for lists that track clicks. Footer links (preferences, unsubscribe, archive) never
 * pass through here, so they are never tracked.
 */
public interface StoryLinks {

    /** Every story link is the story's own address; no open pixel. */
    StoryLinks DIRECT = (section, story) -> story.url();

    /** The href of a story's links in one section; never null. */
    String href(DigestView.Section section, DigestView.StoryView story);

    /** The open pixel's address, or null for none (the default). */
    default String openPixel() {
        return null;
    }
}
