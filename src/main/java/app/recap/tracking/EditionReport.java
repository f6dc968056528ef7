package app.recap.tracking;

import java.util.List;
import java.util.Map;

/**
 * One edition's report: what was sent, what happened to it, and what readers clicked per section and story.
 * Machine clicks (link scanners and the like) are counted apart and are in no other figure.
 *
 * @param tracking       the list's mode now: {@code off}, {@code anonymous} or {@code subscriber}
 * @param delivered      sent minus bounced
 * @param bounced        hard plus soft bounces; 0 until a bounce log reports them ({@link EditionBounces})
 * @param unsubscribes   unsubscriptions from the list between this edition's first message and the next edition's
 * @param uniqueClickers readers with at least one click; null when the list does not record who clicked
 * @param machineClicksByReason machine clicks per {@link MachineReason}
 * @param opens          open pixel counts, null when the list does not count opens
 */
public record EditionReport(String list, String week, String tracking, long sent, long delivered, long bounced,
        long hardBounced, long softBounced, long complaints, long unsubscribes, Long uniqueClickers,
        long readerClicks, long machineClicks, Map<String, Long> machineClicksByReason, Opens opens,
        List<Section> sections) {

    /**
     * One section of the edition (the lead section's slug is {@code top-stories}).
     *
     * @param impressions   messages that showed the section
     * @param clickThrough  reader clicks per impression
     */
    public record Section(String audienceSlug, String name, long impressions, long readerClicks, double clickThrough,
            List<StoryLine> stories) {
    }

    /** @param impressions messages that showed the story in this section */
    public record StoryLine(long storyId, String title, String source, long impressions, long readerClicks,
            double clickThrough) {
    }

    /**
     * The open pixel's counts. Opens are unreliable: Apple Mail Privacy Protection loads every pixel on delivery,
     * many apps block images, Gmail's proxy fetches them itself. They are never used for ranking.
     */
    public record Opens(long opens, long machineOpens, String note) {
    }
}
