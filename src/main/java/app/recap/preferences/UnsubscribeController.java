package app.recap.preferences;

import java.time.Clock;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

/**
 * The {@code List-Unsubscribe} URL. A POST unsubscribes at once with no further step (RFC 8058 one-click; the
 * signed URL is the proof, so there is no CSRF token). A GET only asks, because mail scanners prefetch links.
 */
@Controller
class UnsubscribeController {

    private static final Logger log = LoggerFactory.getLogger(UnsubscribeController.class);

    private final LinkTokens tokens;
    private final SubscriberRepository subscribers;
    private final ListRepository lists;
    private final Clock clock;
    private final LinkPages pages;

    UnsubscribeController(LinkTokens tokens, SubscriberRepository subscribers, ListRepository lists, Clock clock,
            LinkPages pages) {
        this.pages = pages;
        this.tokens = tokens;
        this.subscribers = subscribers;
        this.lists = lists;
        this.clock = clock;
    }

    @GetMapping("/u/{token}")
    String confirm(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Target> target = resolve(token);
        if (target.isEmpty()) {
            return pages.unresolved(token, LinkToken.Purpose.UNSUBSCRIBE, model, response);
        }
        model.addAttribute("list", target.get().list());
        model.addAttribute("email", target.get().email());
        model.addAttribute("token", token);
        return "public/unsubscribe-confirm";
    }

    @PostMapping("/u/{token}")
    String unsubscribe(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Target> target = resolve(token);
        if (target.isEmpty()) {
            return pages.unresolved(token, LinkToken.Purpose.UNSUBSCRIBE, model, response);
        }
        Target t = target.get();
        subscribers.setStatus(t.subscriberId(), t.list().id(), SubscriptionStatus.UNSUBSCRIBED, clock.instant());
        log.info("unsubscribed subscriber={} list={}", t.subscriberId(), t.list().slug());
        model.addAttribute("list", t.list());
        model.addAttribute("signupUrl", "/subscribe/" + t.list().slug());
        return "public/unsubscribe-done";
    }

    private Optional<Target> resolve(String token) {
        // an erased subscriber (or a suppressed one reduced to its address) has no subscription left to end
        return tokens.verify(token, LinkToken.Purpose.UNSUBSCRIBE).flatMap(claims -> lists.findById(claims.listId())
                .flatMap(list -> subscribers.findById(claims.subscriberId())
                        .filter(s -> subscribers.statusOf(s.id(), list.id()).isPresent())
                        .map(s -> new Target(claims.subscriberId(), list, s.email()))));
    }

    private record Target(long subscriberId, NewsletterList list, String email) {
    }

}
