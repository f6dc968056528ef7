package app.recap.preferences;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * The preference center at {@code /p/{token}}: change audiences, pause, switch list, unsubscribe, download the
 * data we hold (JSON) and erase it. Pages answer GET; every change is a POST carrying a CSRF token, then
 * redirects back (so a reload repeats nothing). An invalid link gets a friendly page with HTTP 404.
 */
@Controller
class PreferencesController {

    private static final int[] PAUSE_CHOICES = {1, 2, 3, 4, 6, 8, 12, 16, 26, 52};

    /** One audience as the form shows it. */
    record AudienceChoice(long id, String name, String description, boolean chosen) {
    }

    private final LinkTokens tokens;
    private final PreferenceCenter center;
    private final SubscriberData data;
    private final AudienceRepository audiences;
    private final SubscriberLinks links;
    private final JsonMapper json;
    private final Clock clock;
    private final LinkPages pages;

    PreferencesController(LinkTokens tokens, PreferenceCenter center, SubscriberData data,
            AudienceRepository audiences, SubscriberLinks links, JsonMapper json, Clock clock, LinkPages pages) {
        this.pages = pages;
        this.tokens = tokens;
        this.center = center;
        this.data = data;
        this.audiences = audiences;
        this.links = links;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/p/{token}")
    String page(@PathVariable String token, Model model, Locale locale, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        PreferenceCenter.Target t = target.get();
        Instant now = clock.instant();
        model.addAttribute("token", token);
        model.addAttribute("list", t.list());
        model.addAttribute("email", t.subscriber().email());
        model.addAttribute("active", t.subscription().status() == SubscriptionStatus.CONFIRMED);
        model.addAttribute("suppressed", t.subscriber().suppressed());
        model.addAttribute("audiences", choices(t));
        model.addAttribute("everyTopic", t.audienceIds().isEmpty());
        model.addAttribute("lengths", DigestLength.values());
        model.addAttribute("length", center.length(t));
        model.addAttribute("pausedUntil", t.subscription().pausedAt(now)
                ? DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale)
                        .format(t.subscription().pausedUntil().atZone(t.list().timeZone()))
                : null);
        model.addAttribute("pauseChoices", pauseChoices(center.maxPauseWeeks()));
        model.addAttribute("otherLists", center.switchable(t));
        model.addAttribute("archiveUrl", "/archive/" + t.list().slug());
        return "public/preferences";
    }

    @PostMapping("/p/{token}/audiences")
    String audiences(@PathVariable String token, @RequestParam(name = "audience", required = false) List<String> chosen,
            @RequestParam(name = "length", required = false) String length, RedirectAttributes redirect,
            Model model, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        Topics.Choice choice = center.changeAudiences(target.get(), chosen == null ? List.of() : chosen);
        if (!choice.valid()) {
            redirect.addFlashAttribute("problem", "preferences.error.topics");
            return "redirect:/p/" + token;
        }
        if (length != null) {
            DigestLength chosenLength = DigestLength.parse(length);
            if (chosenLength == null) {
                redirect.addFlashAttribute("problem", "preferences.error.length");
                return "redirect:/p/" + token;
            }
            center.changeLength(target.get(), chosenLength);
        }
        redirect.addFlashAttribute("notice", "preferences.notice.audiences");
        return "redirect:/p/" + token;
    }

    @PostMapping("/p/{token}/pause")
    String pause(@PathVariable String token, @RequestParam(defaultValue = "-1") int weeks, RedirectAttributes redirect,
            Model model, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        if (center.pause(target.get(), weeks)) {
            redirect.addFlashAttribute("notice", weeks == 0 ? "preferences.notice.resumed" : "preferences.notice.paused");
        } else {
            redirect.addFlashAttribute("problem", "preferences.error.pause");
        }
        return "redirect:/p/" + token;
    }

    @PostMapping("/p/{token}/switch")
    String switchList(@PathVariable String token, @RequestParam(name = "list", defaultValue = "") String slug,
            RedirectAttributes redirect, Model model,
            HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        Optional<NewsletterList> to = center.switchTo(target.get(), slug);
        if (to.isEmpty()) {
            redirect.addFlashAttribute("problem", "preferences.error.switch");
            return "redirect:/p/" + token;
        }
        redirect.addFlashAttribute("notice", "preferences.notice.switched");
        redirect.addFlashAttribute("switchedFrom", target.get().list().name());
        return "redirect:" + path(links.preferencesUrl(target.get().subscriber().id(), to.get().id()));
    }

    @PostMapping("/p/{token}/unsubscribe")
    String unsubscribe(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        center.unsubscribe(target.get());
        model.addAttribute("list", target.get().list());
        model.addAttribute("signupUrl", "/subscribe/" + target.get().list().slug());
        return "public/unsubscribe-done";
    }

    @PostMapping("/p/{token}/resubscribe")
    String resubscribe(@PathVariable String token, RedirectAttributes redirect, Model model,
            HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        PreferenceCenter.Resubscribe outcome = center.resubscribe(target.get());
        redirect.addFlashAttribute("notice", outcome == PreferenceCenter.Resubscribe.ACTIVE
                ? "preferences.notice.resubscribed" : "preferences.notice.confirmationSent");
        return "redirect:/p/" + token;
    }

    @PostMapping("/p/{token}/data")
    ResponseEntity<byte[]> download(@PathVariable String token) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            // a test copy's link downloads nothing: back to its page, which says so
            return tokens.verify(token, LinkToken.Purpose.PREFERENCES)
                    .filter(claims -> claims.subscriberId() == SubscriberLinks.TEST_READER)
                    .map(claims -> ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/p/" + token)
                            .<byte[]>build())
                    .orElseGet(() -> ResponseEntity.notFound().build());
        }
        Map<String, Object> export = data.export(target.get().subscriber().id());
        byte[] body = json.writerWithDefaultPrettyPrinter().writeValueAsString(export).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("recap-my-data.json").build().toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    @GetMapping("/p/{token}/erase")
    String eraseConfirm(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        model.addAttribute("token", token);
        model.addAttribute("list", target.get().list());
        model.addAttribute("email", target.get().subscriber().email());
        return "public/erase-confirm";
    }

    @PostMapping("/p/{token}/erase")
    String erase(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<PreferenceCenter.Target> target = target(token);
        if (target.isEmpty()) {
            return invalid(token, model, response);
        }
        data.erase(target.get().subscriber().id());
        model.addAttribute("list", target.get().list());
        model.addAttribute("suppressed", target.get().subscriber().suppressed());
        return "public/erased";
    }

    private Optional<PreferenceCenter.Target> target(String token) {
        return tokens.verify(token, LinkToken.Purpose.PREFERENCES).flatMap(center::find);
    }

    private List<AudienceChoice> choices(PreferenceCenter.Target t) {
        Map<Long, Audience> byId = new LinkedHashMap<>();
        audiences.findAll().forEach(a -> byId.put(a.id(), a));
        // none ticked means every topic (Topics): the boxes show what was chosen, and the page says "every topic"
        List<AudienceChoice> choices = new ArrayList<>();
        for (Long id : center.everyTopic(t.list())) {
            Audience a = byId.get(id);
            if (a != null) {
                choices.add(new AudienceChoice(a.id(), a.displayName(), a.description(),
                        t.audienceIds().contains(id)));
            }
        }
        return choices;
    }

    static List<Integer> pauseChoices(int max) {
        TreeSet<Integer> weeks = new TreeSet<>();
        for (int w : PAUSE_CHOICES) {
            if (w <= max) {
                weeks.add(w);
            }
        }
        weeks.add(max);
        return List.copyOf(weeks);
    }

    /** The path of one of our absolute links, for a redirect that stays on whatever host the browser used. */
    private static String path(String url) {
        return java.net.URI.create(url).getRawPath();
    }

    private String invalid(String token, Model model, HttpServletResponse response) {
        return pages.unresolved(token, LinkToken.Purpose.PREFERENCES, model, response);
    }
}
