package app.recap.preferences;

import java.net.URI;
import java.time.format.TextStyle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.recap.RecapProperties;
import app.recap.audience.Audience;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.Topics;

/**
 * The public sign-up page of a list and the double opt-in link. A sign-up always answers with the same page,
 * whether the address is new, subscribed, unsubscribed or suppressed (see {@link Signups}); a bot that fills the
 * hidden honeypot field, or an address past its allowance, gets that page too and nothing is sent or stored. The
 * same POST takes the form a list's website embeds ({@link SignupForms}). Opening a
 * confirmation link shows a button: mail scanners that prefetch links must not confirm on someone's behalf.
 */
@Controller
class SignupController {

    private static final Logger log = LoggerFactory.getLogger(SignupController.class);
    /** The HTML standard's rule for type=email, plus a dot in the domain: what the browser already checked. */
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]"
            + "(?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    static final int MAX_EMAIL = 254;
    static final int MAX_NAME = 200;
    /** The honeypot: hidden from people by CSS, filled in by naive bots. */
    static final String HONEYPOT = "website";

    /** What the form shows: the values typed and the message key of each field's error. */
    record SignupForm(String email, String name, List<Long> audienceIds, DigestLength length,
            Map<String, String> errors) {
    }

    private final ListRepository lists;
    private final Signups signups;
    private final SignupLimits limits;
    private final LinkTokens tokens;
    private final SubscriberLinks links;
    private final PreferencesProperties properties;
    private final Topics topics;
    private final SubscriberRepository subscribers;
    private final LinkPages pages;
    private final SignupForms forms;
    private final MeterRegistry meters;
    private final String ownOrigin;

    SignupController(ListRepository lists, Signups signups, SignupLimits limits,
            LinkTokens tokens, SubscriberLinks links, PreferencesProperties properties, Topics topics,
            SubscriberRepository subscribers, LinkPages pages, SignupForms forms, MeterRegistry meters,
            RecapProperties recap) {
        this.forms = forms;
        this.meters = meters;
        this.ownOrigin = origin(recap.baseUrl().toString());
        this.topics = topics;
        this.subscribers = subscribers;
        this.pages = pages;
        this.lists = lists;
        this.signups = signups;
        this.limits = limits;
        this.tokens = tokens;
        this.links = links;
        this.properties = properties;
    }

    @GetMapping("/subscribe/{slug}")
    String form(@PathVariable String slug, Model model, Locale locale, HttpServletResponse response) {
        Optional<NewsletterList> list = openList(slug);
        if (list.isEmpty()) {
            return notFound(response);
        }
        List<Audience> offered = offered(list.get());
        // nothing ticked: "none picked means every topic" (Topics), the reader narrows it if they want
        prepare(model, list.get(), offered,
                new SignupForm("", "", List.of(), lists.defaultLength(list.get().id()), Map.of()), locale);
        return "public/signup";
    }

    /**
     * Takes the sign-up form: Recap's own page, or the embeddable form on the list's website (another origin, so
     * no CSRF token: {@code SecurityConfiguration} and {@code CrossSiteRequests} let this one POST through). Either
     * way the answer is Recap's own page: "check your inbox", or the form again with what to correct; never a
     * redirect to an address the request names.
     */
    @PostMapping("/subscribe/{slug}")
    String submit(@PathVariable String slug, @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(name = "audience", required = false) List<String> audience,
            @RequestParam(name = "length", required = false) String length,
            @RequestParam(name = HONEYPOT, defaultValue = "") String honeypot, HttpServletRequest request,
            Model model, Locale locale, HttpServletResponse response) {
        Optional<NewsletterList> found = openList(slug);
        if (found.isEmpty()) {
            return notFound(response);
        }
        NewsletterList list = found.get();
        boolean fromAnotherSite = fromAnotherSite(request);
        String form = fromAnotherSite ? "embedded" : "hosted";
        model.addAttribute("list", list);
        if (!limits.tryIp(request.getRemoteAddr())) {
            log.info("sign-up refused list={} form={} reason=ip-rate-limit", list.slug(), form);
            count("ip-limit", form);
            response.setStatus(429);
            response.setHeader("Retry-After", String.valueOf(properties.signupLimit().period().toSeconds()));
            return "public/signup-limited";
        }
        String address = email.strip();
        // whoever fills in the hidden field is a bot: it is told it succeeded, whatever else it typed, so it has
        // no reason to try again differently
        if (!honeypot.isEmpty()) {
            log.info("sign-up ignored list={} form={} reason=honeypot", list.slug(), form);
            count("honeypot", form);
            return sent(model, list, address, fromAnotherSite);
        }
        List<Audience> offered = offered(list);
        Topics.Choice choice = topics.of(list.id()).byIds(audience == null ? List.of() : audience);
        List<Long> chosen = choice.ids();
        DigestLength chosenLength = length == null ? lists.defaultLength(list.id()) : DigestLength.parse(length);
        Map<String, String> errors = new LinkedHashMap<>();
        if (address.isEmpty()) {
            errors.put("email", "signup.error.emailMissing");
        } else if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
            errors.put("email", "signup.error.emailInvalid");
        }
        if (name.strip().length() > MAX_NAME) {
            errors.put("name", "signup.error.nameTooLong");
        }
        if (!choice.valid()) {
            errors.put("audience", "signup.error.topics");
        }
        if (chosenLength == null) {
            errors.put("length", "signup.error.length");
        }
        if (!errors.isEmpty()) {
            count("invalid", form);
            // an embedded form's reader lands on Recap's own page, the form filled in as they sent it
            prepare(model, list, offered, new SignupForm(address, name, chosen,
                    chosenLength == null ? lists.defaultLength(list.id()) : chosenLength, errors), locale);
            response.setStatus(400);
            return "public/signup";
        }
        String normalised = SubscriberRepository.normaliseEmail(address);
        if (!limits.tryAddress(normalised)) {
            log.info("sign-up ignored list={} form={} reason=address-rate-limit", list.slug(), form);
            count("address-limit", form);
        } else {
            count("accepted", form);
            signups.submit(new SignupRequest(list.id(), normalised, name.isBlank() ? null : name.strip(), chosen,
                    chosenLength, fromAnotherSite));
        }
        return sent(model, list, address, fromAnotherSite);
    }

    private String sent(Model model, NewsletterList list, String address, boolean fromAnotherSite) {
        model.addAttribute("email", address);
        model.addAttribute("confirmByEmail", list.doubleOptIn() || fromAnotherSite);
        model.addAttribute("expiryDays", Math.max(1, properties.confirmationExpiry().toDays()));
        return "public/signup-sent";
    }

    /**
     * Whether a browser posted this from a page of another origin than Recap's: Fetch Metadata says so, or, from a
     * browser without it, the {@code Origin} (sent with every cross-origin POST, "null" when the page hides it) is
     * not the base URL's. A request with neither header (a script) counts as our own form's, as it did before the form could
     * be embedded: such a client could always fetch our form's token first.
     */
    private boolean fromAnotherSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null) {
            return !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none");
        }
        String origin = request.getHeader("Origin");
        return origin != null && !ownOrigin.equals(origin(origin));
    }

    /** scheme://host[:port] lower-cased without the scheme's default port; anything else is nobody's origin. */
    static String origin(String value) {
        try {
            URI uri = URI.create(value.strip());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "invalid";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443)
                    || ("http".equals(scheme) && port == 80);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException notAUri) {
            return "invalid";
        }
    }

    /** {@code recap.signups}: each sign-up's outcome, and whether it came from Recap's page or an embedded form. */
    private void count(String outcome, String form) {
        Counter.builder("recap.signups").description("sign-up form posts by outcome")
                .tag("outcome", outcome).tag("form", form).register(meters).increment();
    }

    @GetMapping("/c/{token}")
    String confirmPage(@PathVariable String token, Model model, Locale locale, HttpServletResponse response) {
        Opened opened = open(token, model, locale, response);
        if (opened.view() != null) {
            return opened.view();
        }
        LinkToken claims = opened.claims();
        return switch (signups.state(claims)) {
            case PENDING -> {
                model.addAttribute("token", token);
                yield "public/confirm";
            }
            case ALREADY_CONFIRMED, CONFIRMED -> confirmed(model, claims, opened.list(), locale, true);
            case GONE -> expired(response, model, opened.list());
        };
    }

    @PostMapping("/c/{token}")
    String confirm(@PathVariable String token, Model model, Locale locale, HttpServletResponse response) {
        Opened opened = open(token, model, locale, response);
        if (opened.view() != null) {
            return opened.view();
        }
        LinkToken claims = opened.claims();
        return switch (signups.confirm(claims)) {
            case CONFIRMED -> confirmed(model, claims, opened.list(), locale, false);
            case ALREADY_CONFIRMED, PENDING -> confirmed(model, claims, opened.list(), locale, true);
            case GONE -> expired(response, model, opened.list());
        };
    }

    /** A confirmation link, checked: either the page to show at once (invalid, expired), or its claims and list. */
    private record Opened(String view, LinkToken claims, NewsletterList list) {
    }

    private Opened open(String token, Model model, Locale locale, HttpServletResponse response) {
        LinkToken.Verification v = tokens.check(token, LinkToken.Purpose.CONFIRM);
        if (v.check() == LinkToken.Check.INVALID) {
            return new Opened(pages.invalid(model, response), null, null);
        }
        Optional<NewsletterList> list = lists.findById(v.claims().listId());
        if (list.isEmpty()) {
            return new Opened(pages.invalid(model, response), null, null);
        }
        model.addAttribute("list", list.get());
        model.addAttribute("sendDay", list.get().sendDay().getDisplayName(TextStyle.FULL, locale));
        if (v.check() == LinkToken.Check.EXPIRED) {
            return new Opened(expired(response, model, list.get()), null, null);
        }
        return new Opened(null, v.claims(), list.get());
    }

    private String confirmed(Model model, LinkToken claims, NewsletterList list, Locale locale, boolean already) {
        model.addAttribute("already", already);
        String zone = subscribers.findById(claims.subscriberId()).map(SubscriberRepository.Subscriber::timeZone)
                .orElse(null);
        model.addAttribute("firstEdition", pages.firstEdition(list, zone, locale));
        model.addAttribute("archiveUrl", "/archive/" + list.slug());
        model.addAttribute("preferencesUrl", links.preferencesUrl(claims.subscriberId(), claims.listId()));
        return "public/confirmed";
    }

    private String expired(HttpServletResponse response, Model model, NewsletterList list) {
        response.setStatus(410);
        model.addAttribute("signupUrl", links.signupUrl(list.slug()));
        model.addAttribute("archiveUrl", "/archive/" + list.slug());
        return "public/link-expired";
    }

    static String notFound(HttpServletResponse response) {
        response.setStatus(404);
        return "public/not-found";
    }

    private void prepare(Model model, NewsletterList list, List<Audience> offered, SignupForm form, Locale locale) {
        model.addAttribute("list", list);
        model.addAttribute("sendDay", list.sendDay().getDisplayName(TextStyle.FULL, locale));
        model.addAttribute("audiences", offered);
        model.addAttribute("form", form);
        model.addAttribute("archiveUrl", "/archive/" + list.slug());
        model.addAttribute("lengths", DigestLength.values());
    }

    private Optional<NewsletterList> openList(String slug) {
        return lists.findBySlug(slug).filter(l -> !l.archived());
    }

    private List<Audience> offered(NewsletterList list) {
        return forms.offered(list);
    }
}
