package app.recap.admin.editions;

import java.util.List;
import java.util.Optional;

import app.recap.edition.IsoWeek;

/**
 * Where the edition report and list trend pages get their figures: the shape of
 * {@code GET /api/editions/{list}/{week}/report}, implemented over the tracking module by {@link TrackingReports}.
 * The pages see only this, so a test can give them fixed figures.
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
