package app.recap.admin.bounces;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.bounce.BounceType;
import app.recap.bounce.Bounces;
import app.recap.bounce.LoggedBounce;
import app.recap.edition.Edition;
import app.recap.edition.EditionArchive;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * What the bounce screens show, from the bounce module's own API: the log with each event's list and edition named,
 * and a list's bounce and complaint rates per sent edition against the lines mailbox providers judge by.
 */
@Service
class BounceScreens {

    static final int PAGE_SIZE = 50;
    static final int MAX_EDITIONS = 52;

    /** One event of the log with its list's slug and its edition's week, when it was tied to them. */
    record Row(LoggedBounce bounce, String listSlug, String week, Instant receivedAt) {
    }

    /** @param next the {@code before} value of the next page, null on the last */
    record Page(List<Row> rows, Long next) {
    }

    /** The filter as the screen's form spells it; blank parts are null. */
    record Filter(String type, String list, String week) {

        Filter {
            type = blank(type) ? null : type.strip();
            list = blank(list) ? null : list.strip();
            week = blank(week) ? null : week.strip().toUpperCase(java.util.Locale.ROOT);
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /** One sent edition's point of the chart. */
    record EditionPoint(String week, Bounces.EditionRates rates) {
    }

    record Rates(NewsletterList list, List<EditionPoint> editions, Bounces.ListRates last30Days, double bounceLine,
            double complaintLine) {
    }

    private final Bounces bounces;
    private final ListRepository lists;
    private final EditionRepository editions;
    private final EditionArchive archive;

    BounceScreens(Bounces bounces, ListRepository lists, EditionRepository editions, EditionArchive archive) {
        this.bounces = bounces;
        this.lists = lists;
        this.editions = editions;
        this.archive = archive;
    }

    Page log(Filter filter, Long before) {
        BounceType type = filter.type() == null ? null : Arrays.stream(BounceType.values())
                .filter(t -> t.label().equals(filter.type())).findFirst()
                .orElseThrow(() -> AdminProblem.invalid("type", "type: hard, soft, complaint or auto-reply"));
        NewsletterList list = filter.list() == null ? null : list(filter.list());
        Long editionId = null;
        if (filter.week() != null) {
            if (list == null) {
                throw AdminProblem.invalid("week", "choose the list whose edition of " + filter.week() + " you mean");
            }
            IsoWeek week;
            try {
                week = IsoWeek.parse(filter.week());
            } catch (IllegalArgumentException notAWeek) {
                throw AdminProblem.invalid("week", "a week is written like 2026-W48");
            }
            // an edition that does not exist has no bounces: an empty page, not an error
            editionId = editions.find(list.id(), week).map(Edition::id).orElse(-1L);
        }
        List<LoggedBounce> found = bounces.list(type, list == null ? null : list.id(), editionId, null, before,
                PAGE_SIZE + 1);
        Long next = null;
        if (found.size() > PAGE_SIZE) {
            found = found.subList(0, PAGE_SIZE);
            next = found.get(PAGE_SIZE - 1).id();
        }
        Map<Long, String> slugs = lists.findAll().stream()
                .collect(Collectors.toMap(NewsletterList::id, NewsletterList::slug));
        Map<Long, String> weeks = new HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (LoggedBounce b : found) {
            String week = b.editionId() == null ? null : weeks.computeIfAbsent(b.editionId(),
                    id -> editions.findById(id).map(e -> e.week().toString()).orElse(null));
            rows.add(new Row(b, b.listId() == null ? null : slugs.get(b.listId()), week, b.receivedAt()));
        }
        return new Page(rows, next);
    }

    /** The list's last {@code count} sent editions, oldest first, and its rates over the last 30 days. */
    Rates rates(String listSlug, int count) {
        NewsletterList list = list(listSlug);
        int n = Math.max(1, Math.min(count, MAX_EDITIONS));
        List<EditionPoint> points = archive.sent(list.id(), n).stream()
                .sorted(Comparator.comparing(EditionArchive.ArchivedEdition::week, Comparator
                        .comparingInt(IsoWeek::year).thenComparingInt(IsoWeek::week)))
                .map(e -> new EditionPoint(e.week().toString(), bounces.editionRates(e.editionId())))
                .toList();
        return new Rates(list, points, bounces.listRates(list.id(), 30), Bounces.bounceLine(),
                Bounces.complaintLine());
    }

    List<NewsletterList> lists() {
        return lists.findAll();
    }

    static List<String> types() {
        return Arrays.stream(BounceType.values()).map(BounceType::label).toList();
    }

    private NewsletterList list(String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> AdminProblem.notFound("list " + slug));
    }
}
