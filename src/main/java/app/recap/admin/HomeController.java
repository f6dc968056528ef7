package app.recap.admin;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import app.recap.admin.editions.EditionRuns;
import app.recap.audience.AudienceRepository;
import app.recap.ingest.FeedSourceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.SubscriberRepository;

/** The sign-in page and the overview. */
@Controller
class HomeController implements AdminPage {

    private final ListRepository lists;
    private final SubscriberRepository subscribers;
    private final FeedSourceRepository feeds;
    private final AudienceRepository audiences;
    private final EditionRuns runs;
    private final List<ClientRegistration> providers = new ArrayList<>();

    HomeController(ListRepository lists, SubscriberRepository subscribers, FeedSourceRepository feeds,
            AudienceRepository audiences, EditionRuns runs, ObjectProvider<ClientRegistrationRepository> sso) {
        // Boot's repository of configured registrations is iterable; a hand-made one shows no buttons
        if (sso.getIfAvailable() instanceof Iterable<?> registrations) {
            registrations.forEach(r -> providers.add((ClientRegistration) r));
        }
        this.lists = lists;
        this.subscribers = subscribers;
        this.feeds = feeds;
        this.audiences = audiences;
        this.runs = runs;
    }

    @GetMapping("/admin/login")
    String login(Model model) {
        model.addAttribute("providers", providers);
        return "admin/login";
    }

    @GetMapping({"/admin", "/admin/"})
    String home(Model model) {
        var all = lists.findAll();
        model.addAttribute("lists", all);
        model.addAttribute("active", all.stream().mapToLong(l -> subscribers.countActive(l.id())).sum());
        model.addAttribute("feedCount", feeds.findAll().size());
        model.addAttribute("audienceCount", audiences.findAll().size());
        model.addAttribute("runs", runs.history(null, 5));
        return "admin/home";
    }
}
