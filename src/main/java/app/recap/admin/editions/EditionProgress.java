package app.recap.admin.editions;

import java.util.Optional;

import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.delivery.DeliveryProgress;
import app.recap.delivery.SendProgress;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/** An edition's send progress, for the edition page's bar and {@code GET /api/editions/{list}/{week}/progress}. */
@Service
class EditionProgress {

    /**
     * @param status   the edition's status, null before it exists
     * @param sending  true while the page should keep polling (deliveries prepared, some not done)
     */
    record Progress(String list, String week, String status, boolean sending, SendProgress deliveries) {
    }

    private final ListRepository lists;
    private final EditionRepository editions;
    private final DeliveryProgress deliveries;

    EditionProgress(ListRepository lists, EditionRepository editions, DeliveryProgress deliveries) {
        this.lists = lists;
        this.editions = editions;
        this.deliveries = deliveries;
    }

    Progress of(String listSlug, String week) {
        NewsletterList list = list(listSlug);
        IsoWeek isoWeek = week(week);
        Optional<Edition> edition = editions.find(list.id(), isoWeek);
        SendProgress progress = edition.map(e -> deliveries.of(e.id()))
                .orElse(new SendProgress(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0L, 0));
        String status = edition.map(e -> e.status().name()).orElse(null);
        boolean sending = edition.map(e -> e.status().contentFrozen()).orElse(false)
                && progress.done() < progress.total();
        return new Progress(list.slug(), isoWeek.toString(), status, sending, progress);
    }

    NewsletterList list(String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> AdminProblem.notFound("list " + slug));
    }

    static IsoWeek week(String week) {
        try {
            return IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", "an ISO week such as 2026-W48");
        }
    }
}
