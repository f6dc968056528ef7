package app.recap.admin;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import app.recap.admin.editions.RecentRuns;
import app.recap.audience.AudienceRepository;
import app.recap.edition.Edition;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionStatus;
import app.recap.edition.IsoWeek;
import app.recap.ingest.FeedSourceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.tracking.EditionReport;
import app.recap.tracking.EditionReports;

/** The sign-in page and the overview. */
@Controller
class HomeController implements AdminPage {

    /** A list's next edition: when it goes, which week it covers, how many it reaches. */
    record NextSend(NewsletterList list, Instant at, IsoWeek week, long receiving) {
    }

    /** The latest sent edition of any list, with the figures a person asks for first. */
    record LastEdition(NewsletterList list, Edition edition, EditionReport report) {
    }

    private final ListRepository lists;
    private final SubscriberRepository subscribers;
    private final FeedSourceRepository feeds;
    private final AudienceRepository audiences;
    private final RecentRuns runs;
    private final EditionRepository editions;
    private final EditionReports reports;
    private final AdminTimes times;
    private final Clock clock;
    private final List<ClientRegistration> providers = new ArrayList<>();

    HomeController(ListRepository lists, SubscriberRepository subscribers, FeedSourceRepository feeds,
            AudienceRepository audiences, RecentRuns runs, EditionRepository editions, EditionReports reports,
            AdminTimes times, Clock clock, ObjectProvider<ClientRegistrationRepository> sso) {
        // Boot's repository of configured registrations is iterable; a hand-made one shows no buttons
        if (sso.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(r -> providers.add((ClientRegistration) r));
        }
        this.lists = lists;
        this.subscribers = subscribers;
        this.feeds = feeds;
        this.audiences = audiences;
        this.runs = runs;
        this.editions = editions;
        this.reports = reports;
        this.times = times;
        this.clock = clock;
    }

    @GetMapping("/admin/login")
    String login(Model model) {
        model.addAttribute("providers", providers);
        return "admin/login";
    }

    @GetMapping({"/admin", "/admin/"})
    String home(Model model) {
        Instant now = clock.instant();
        var all = lists.findAll();
        long receiving = 0;
        long paused = 0;
        long suppressed = 0;
        List<NextSend> next = new ArrayList<>();
        for (NewsletterList list : all) {
            var reach = subscribers.reach(list.id(), now);
            receiving += reach.receiving();
            paused += reach.paused();
            suppressed += reach.suppressed();
            if (!list.archived()) {
                Instant at = nextSend(list, now);
                next.add(new NextSend(list, at, IsoWeek.of(at.atZone(list.timeZone()).toLocalDate().minusWeeks(1)),
                        reach.receiving()));
            }
        }
        next.sort(Comparator.comparing(NextSend::at));
        model.addAttribute("lists", all);
        model.addAttribute("receiving", receiving);
        model.addAttribute("paused", paused);
        model.addAttribute("suppressed", suppressed);
        model.addAttribute("nextSends", next);
        model.addAttribute("lastEdition", lastEdition(all).orElse(null));
        model.addAttribute("feedCount", feeds.findAll().size());
        model.addAttribute("audienceCount", audiences.findAll().size());
        model.addAttribute("runs", runs.latest(5));
        model.addAttribute("zone", times.zone().getId());
        return "admin/home";
    }

    /** The list's next send day and time after {@code now}, in its zone: the edition of the week before goes then. */
    static Instant nextSend(NewsletterList list, Instant now) {
        ZonedDateTime local = now.atZone(list.timeZone());
        LocalDate day = local.toLocalDate().with(TemporalAdjusters.nextOrSame(list.sendDay()));
        ZonedDateTime at = day.atTime(list.sendTime()).atZone(list.timeZone());
        return (at.toInstant().isAfter(now) ? at : at.plusWeeks(1)).toInstant();
    }

    private Optional<LastEdition> lastEdition(List<NewsletterList> all) {
        LastEdition last = null;
        for (NewsletterList list : all) {
            for (Edition edition : editions.findByList(list.id())) {
                if (edition.status() == EditionStatus.SENT && (last == null
                        || edition.week().monday().isAfter(last.edition().week().monday()))) {
                    last = new LastEdition(list, edition, null);
                }
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        LastEdition found = last;
        return Optional.of(new LastEdition(found.list(), found.edition(),
                reports.report(found.list().slug(), found.edition().week()).orElse(null)));
    }
}
