package app.recap.admin.editions;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import app.recap.edition.EditionArchive;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionMovements;

/**
 * A list over its last weeks: subscriptions begun and ended per week (growth and churn), active subscribers at each
 * week's end, the editions sent, click-through per audience section in each, and the sources readers clicked most.
 */
@Service
class ListTrends {

    static final int TOP_SOURCES = 10;

    /**
     * @param activeAtEnd  confirmed subscriptions at the week's end, counted back from today's (subscribers
     *                     suppressed meanwhile are not told apart)
     * @param clickThrough section name to reader clicks per impression, for the week's edition; empty without one
     */
    record Week(String week, long joined, long left, long activeAtEnd, boolean editionSent,
            Map<String, Double> clickThrough) {
    }

    record Source(String name, long readerClicks) {
    }

    record Trends(String list, String listName, List<Week> weeks, List<String> sections, long editionsSent,
            long joined, long left, List<Source> topSources) {
    }

    private final EditionProgress editions;
    private final EditionArchive archive;
    private final EditionReportSource reports;
    private final SubscriptionMovements movements;
    private final SubscriberRepository subscribers;
    private final Clock clock;

    ListTrends(EditionProgress editions, EditionArchive archive, EditionReportSource reports,
            SubscriptionMovements movements, SubscriberRepository subscribers, Clock clock) {
        this.editions = editions;
        this.archive = archive;
        this.reports = reports;
        this.movements = movements;
        this.subscribers = subscribers;
        this.clock = clock;
    }

    Trends of(String listSlug, int weekCount) {
        NewsletterList list = editions.list(listSlug);
        int count = Math.max(1, Math.min(weekCount, 104));
        IsoWeek current = IsoWeek.of(LocalDate.ofInstant(clock.instant(), list.timeZone()));
        List<IsoWeek> weeks = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            weeks.add(IsoWeek.of(current.monday().minusWeeks(i)));
        }
        Instant from = weeks.get(0).start(list.timeZone());
        Map<IsoWeek, Long> joined = byWeek(movements.joinedSince(list.id(), from), list);
        Map<IsoWeek, Long> left = byWeek(movements.leftSince(list.id(), from), list);
        Set<IsoWeek> sent = new LinkedHashSet<>();
        archive.sent(list.id(), count + 1).forEach(e -> sent.add(e.week()));

        Set<String> sections = new LinkedHashSet<>();
        Map<String, Long> sources = new HashMap<>();
        Map<IsoWeek, Map<String, Double>> clickThrough = new HashMap<>();
        for (IsoWeek week : weeks) {
            if (!sent.contains(week)) {
                continue;
            }
            reports.report(list.slug(), week).ifPresent(report -> {
                Map<String, Double> rates = new LinkedHashMap<>();
                for (EditionReportSource.Section section : report.sections()) {
                    sections.add(section.name());
                    rates.put(section.name(), section.clickThrough());
                    for (EditionReportSource.Story story : section.stories()) {
                        if (story.source() != null && story.readerClicks() > 0) {
                            sources.merge(story.source(), story.readerClicks(), Long::sum);
                        }
                    }
                }
                clickThrough.put(week, rates);
            });
        }

        // active subscribers counted back from now: at the end of week w, now minus what began after it plus what ended
        long active = subscribers.countActive(list.id());
        List<Week> rows = new ArrayList<>();
        for (int i = weeks.size() - 1; i >= 0; i--) {
            IsoWeek week = weeks.get(i);
            rows.add(0, new Week(week.toString(), joined.getOrDefault(week, 0L), left.getOrDefault(week, 0L), active,
                    sent.contains(week), clickThrough.getOrDefault(week, Map.of())));
            active = active - joined.getOrDefault(week, 0L) + left.getOrDefault(week, 0L);
        }
        List<Source> top = sources.entrySet().stream()
                .map(e -> new Source(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Source::readerClicks).reversed().thenComparing(Source::name))
                .limit(TOP_SOURCES).toList();
        return new Trends(list.slug(), list.name(), rows, List.copyOf(sections),
                rows.stream().filter(Week::editionSent).count(), rows.stream().mapToLong(Week::joined).sum(),
                rows.stream().mapToLong(Week::left).sum(), top);
    }

    private static Map<IsoWeek, Long> byWeek(List<Instant> instants, NewsletterList list) {
        Map<IsoWeek, Long> counts = new HashMap<>();
        for (Instant instant : instants) {
            counts.merge(IsoWeek.of(LocalDate.ofInstant(instant, list.timeZone())), 1L, Long::sum);
        }
        return counts;
    }
}
