package app.recap.admin.editions;

import java.util.List;
import java.util.Optional;

import app.recap.edition.IsoWeek;

/**
 * Where the edition report page gets its figures. The shape is the contract of
 * {@code GET /api/editions/{list}/{week}/report} (tracking module); {@link DeliveryLogReports} fills what the
 * delivery log knows until click tracking provides the rest.
 */
interface EditionReportSource {

    /** The report of the list's edition for the week, or empty when there is no such edition. */
    Optional<Report> report(String listSlug, IsoWeek week);

    /**
     * @param uniqueClickers null when the list does not record who clicked
     * @param sections       in the edition's order, the lead section first
     */
    record Report(long sent, long delivered, long bounced, long complaints, long unsubscribes, Long uniqueClickers,
            long readerClicks, long machineClicks, List<Section> sections) {
    }

    /** @param clickThrough reader clicks per impression */
    record Section(String audienceSlug, String name, long impressions, long readerClicks, double clickThrough,
            List<Story> stories) {
    }

    /** @param source the feed's name, may be null */
    record Story(long storyId, String title, String source, long readerClicks) {
    }
}
