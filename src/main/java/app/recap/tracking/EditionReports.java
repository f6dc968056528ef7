package app.recap.tracking;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import app.recap.audience.Audience;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.IsoWeek;
import app.recap.story.Story;
import app.recap.subscriber.ClickTracking;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.Subscriptions;

/**
 * Edition reports (JSON and CSV), the same for the admin API and any admin page: sends from the delivery log,
 * bounces and complaints from the bounce log once there is one ({@link EditionBounces}), unsubscribes from the
 * subscriptions, and reader clicks per section and story from this module's events.
 */
@Service
public class EditionReports {

    static final String OPENS_NOTE = "unreliable: Apple Mail Privacy Protection loads every pixel, many mail apps "
            + "block images and Gmail's proxy fetches them itself; never used for ranking";

    private final ListRepository lists;
    private final EditionRepository editions;
    private final EditionSnapshots snapshots;
    private final EditionSends sends;
    private final ObjectProvider<EditionBounces> bounces;
    private final EditionReading reading;
    private final Subscriptions subscriptions;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final Clock clock;

    EditionReports(ListRepository lists, EditionRepository editions, EditionSnapshots snapshots, EditionSends sends,
            ObjectProvider<EditionBounces> bounces, EditionReading reading, Subscriptions subscriptions,
            MessageSource messages, JdbcClient jdbc, Clock clock) {
        this.lists = lists;
        this.editions = editions;
        this.snapshots = snapshots;
        this.sends = sends;
        this.bounces = bounces;
        this.reading = reading;
        this.subscriptions = subscriptions;
        this.messages = messages;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The report of a list's edition for a week; empty when there is no such list or edition. */
    public Optional<EditionReport> report(String listSlug, IsoWeek week) {
        Optional<NewsletterList> list = lists.findBySlug(listSlug);
        Optional<Edition> edition = list.flatMap(l -> editions.find(l.id(), week));
        if (edition.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(report(list.get(), edition.get()));
    }

    private EditionReport report(NewsletterList list, Edition edition) {
        long editionId = edition.id();
        EditionSends.SendFigures figures = sends.figures(editionId);
        EditionBounces.Counts bounced = bounces.getIfAvailable(() -> EditionBounces.NONE).counts(editionId);
        long unsubscribes = figures.firstSentAt() == null ? 0
                : subscriptions.countUnsubscribedBetween(list.id(), figures.firstSentAt(), nextEditionSent(list, edition));
        EditionSnapshot snapshot = snapshots.load(editionId);
        EditionReading.Read read = reading.of(snapshot);

        Map<String, Long> machine = new LinkedHashMap<>();
        jdbc.sql("""
                select machine_reason, count(*) from tracking_event
                where edition_id = ? and kind = 'CLICK' and machine_reason is not null
                group by machine_reason order by machine_reason""")
                .param(editionId).query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list()
                .forEach(e -> machine.put(e.getKey(), e.getValue()));
        long readerClicks = read.clicks().values().stream().mapToLong(Long::longValue).sum();
        Long unique = list.tracking() == ClickTracking.SUBSCRIBER ? jdbc.sql("""
                select count(distinct subscriber_id) from tracking_event
                where edition_id = ? and kind = 'CLICK' and machine_reason is null""")
                .param(editionId).query(Long.class).single() : null;
        EditionReport.Opens opens = list.trackOpens() ? jdbc.sql("""
                select count(case when machine_reason is null then 1 end), count(machine_reason) from tracking_event
                where edition_id = ? and kind = 'OPEN'""")
                .param(editionId).query((rs, n) -> new EditionReport.Opens(rs.getLong(1), rs.getLong(2), OPENS_NOTE))
                .single() : null;

        List<EditionReport.Section> sections = new ArrayList<>();
        List<Long> offered = lists.offeredAudienceIds(list.id());
        List<Long> order = new ArrayList<>(read.sections().keySet());
        // the lead section first, then the audiences in the list's order
        order.sort(Comparator.comparingInt((Long id) -> id == EditionReading.LEAD ? -1 : Math.max(0, offered.indexOf(id)))
                .thenComparingLong(id -> id));
        for (Long sectionKey : order) {
            long shown = read.sections().get(sectionKey);
            List<EditionReport.StoryLine> lines = new ArrayList<>();
            long sectionClicks = 0;
            for (var cell : read.impressions().entrySet()) {
                if (cell.getKey().sectionAudienceId() != sectionKey) {
                    continue;
                }
                Story story = snapshot.story(cell.getKey().storyId());
                long clicks = read.clicks().getOrDefault(cell.getKey(), 0L);
                sectionClicks += clicks;
                lines.add(new EditionReport.StoryLine(cell.getKey().storyId(), story == null ? null : story.title(),
                        story == null ? null : story.sourceName(), cell.getValue(), clicks,
                        rate(clicks, cell.getValue())));
            }
            lines.sort(Comparator.comparingLong(EditionReport.StoryLine::readerClicks).reversed()
                    .thenComparingLong(EditionReport.StoryLine::storyId));
            sections.add(new EditionReport.Section(slug(snapshot, sectionKey), name(snapshot, sectionKey), shown,
                    sectionClicks, rate(sectionClicks, shown), List.copyOf(lines)));
        }
        long bouncedTotal = bounced.hardBounces() + bounced.softBounces();
        return new EditionReport(list.slug(), edition.week().toString(), list.tracking().name().toLowerCase(Locale.ROOT),
                figures.sent(), Math.max(0, figures.sent() - bouncedTotal), bouncedTotal, bounced.hardBounces(),
                bounced.softBounces(), bounced.complaints(), unsubscribes, unique, readerClicks,
                machine.values().stream().mapToLong(Long::longValue).sum(), machine, opens, List.copyOf(sections));
    }

    /**
     * The report as CSV: one {@code edition} row with the top-level figures, then per section a {@code section} row
     * followed by its {@code story} rows.
     */
    public void printCsv(EditionReport report, Writer out) throws IOException {
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader("level", "section", "section_name",
                "story_id", "title", "impressions", "reader_clicks", "click_through", "sent", "delivered", "bounced",
                "complaints", "unsubscribes", "unique_clickers", "machine_clicks").get());
        csv.printRecord("edition", "", report.list() + " " + report.week(), "", "", report.sent(),
                report.readerClicks(), "", report.sent(), report.delivered(), report.bounced(), report.complaints(),
                report.unsubscribes(), report.uniqueClickers() == null ? "" : report.uniqueClickers(),
                report.machineClicks());
        for (EditionReport.Section s : report.sections()) {
            csv.printRecord("section", s.audienceSlug(), s.name(), "", "", s.impressions(), s.readerClicks(),
                    ratio(s.clickThrough()), "", "", "", "", "", "", "");
            for (EditionReport.StoryLine story : s.stories()) {
                csv.printRecord("story", s.audienceSlug(), s.name(), story.storyId(), story.title(),
                        story.impressions(), story.readerClicks(), ratio(story.clickThrough()), "", "", "", "", "",
                        "", "");
            }
        }
        csv.flush();
    }

    private Instant nextEditionSent(NewsletterList list, Edition edition) {
        return editions.findByList(list.id()).stream()
                .filter(e -> weekNumber(e.week()) > weekNumber(edition.week()))
                .map(e -> sends.figures(e.id()).firstSentAt()).filter(java.util.Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(clock.instant());
    }

    private static int weekNumber(IsoWeek week) {
        return week.year() * 100 + week.week();
    }

    private String slug(EditionSnapshot snapshot, long sectionKey) {
        if (sectionKey == EditionReading.LEAD) {
            return EditionSnapshot.LEAD_SLUG;
        }
        Audience audience = snapshot.audience(sectionKey);
        return audience == null ? String.valueOf(sectionKey) : audience.slug();
    }

    private String name(EditionSnapshot snapshot, long sectionKey) {
        if (sectionKey == EditionReading.LEAD) {
            return messages.getMessage("digest.lead.heading", null, snapshot.list().locale());
        }
        Audience audience = snapshot.audience(sectionKey);
        return audience == null ? null : audience.displayName();
    }

    private static double rate(long clicks, long impressions) {
        return impressions == 0 ? 0 : (double) clicks / impressions;
    }

    private static String ratio(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
