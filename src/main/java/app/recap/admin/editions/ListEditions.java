package app.recap.admin.editions;

import org.springframework.stereotype.Component;

import app.recap.admin.AdminProblem;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The list and edition an API path names ({@code /{listSlug}/{week}/...}), or the problem answer the edition
 * APIs give for a week that does not parse, an unknown list or a week without an edition.
 */
@Component
class ListEditions {

    record ListEdition(NewsletterList list, Edition edition) {
    }

    private final ListRepository lists;
    private final EditionRepository editions;

    ListEditions(ListRepository lists, EditionRepository editions) {
        this.lists = lists;
        this.editions = editions;
    }

    ListEdition find(String listSlug, String week) {
        IsoWeek isoWeek;
        try {
            isoWeek = IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", e.getMessage());
        }
        NewsletterList list = lists.findBySlug(listSlug).orElseThrow(() -> AdminProblem.notFound("list " + listSlug));
        Edition edition = editions.find(list.id(), isoWeek)
                .orElseThrow(() -> AdminProblem.notFound("edition of " + listSlug + " for " + week));
        return new ListEdition(list, edition);
    }
}
