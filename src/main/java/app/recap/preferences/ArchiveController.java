package app.recap.preferences;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.util.HtmlUtils;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import app.recap.RecapProperties;
import app.recap.edition.ArchiveFeed;
import app.recap.edition.DigestRenderer;
import app.recap.edition.DigestView;
import app.recap.edition.EditionArchive;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.IsoWeek;
import app.recap.edition.RenderedDigest;
import app.recap.subscriber.DigestLength;
import app.recap.subscriber.FirstName;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;

/**
 * The public archive of a list: {@code /archive/{list}} lists the editions sent, {@code /archive/{list}/{week}}
 * shows one as it was sent (every section the list offers, with no name and no personal link in it), and
 * {@code /archive/{list}/feed.atom} is an Atom feed of them. A sent edition never changes, so each is rendered
 * once and kept for a while.
 */
@Controller
class ArchiveController {

    /**
     * The archived email's own styles are inline, so this page alone allows inline styles; nothing else may
     * load, run or be submitted.
     */
    static final String EDITION_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; "
            + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /** One row of the archive page. */
    record Row(String week, String label, int storyCount, String url) {
    }

    /** A sent edition as the archive shows it; {@code storyCount} is what that page shows. */
    private record Archived(String subject, String page, String summaryHtml, int storyCount) {
    }

    private final ListRepository lists;
    private final EditionArchive archive;
    private final EditionSnapshots snapshots;
    private final DigestRenderer renderer;
    private final ArchiveFeed feed;
    private final MessageSource messages;
    private final RecapProperties recap;
    private final PreferencesProperties properties;
    private final Clock clock;
    private final Cache<Long, Archived> rendered = Caffeine.newBuilder().maximumSize(200)
            .expireAfterAccess(Duration.ofHours(6)).build();
    /** Stories each archived edition shows, for the index; a sent edition never changes. */
    private final Cache<Long, Integer> counts = Caffeine.newBuilder().maximumSize(5_000).build();
    private final LinkTokens tokens;
    private final SubscriberRepository subscribers;
    private final LinkPages pages;
    private final SubscriberLinks links;

    ArchiveController(ListRepository lists, EditionArchive archive, EditionSnapshots snapshots, DigestRenderer renderer,
            ArchiveFeed feed, MessageSource messages, RecapProperties recap, PreferencesProperties properties,
            Clock clock, LinkTokens tokens, SubscriberRepository subscribers, LinkPages pages, SubscriberLinks links) {
        this.links = links;
        this.tokens = tokens;
        this.subscribers = subscribers;
        this.pages = pages;
        this.lists = lists;
        this.archive = archive;
        this.snapshots = snapshots;
        this.renderer = renderer;
        this.feed = feed;
        this.messages = messages;
        this.recap = recap;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/archive/{slug}")
    String index(@PathVariable String slug, Model model, Locale locale, HttpServletResponse response) {
        Optional<NewsletterList> list = lists.findBySlug(slug);
        if (list.isEmpty()) {
            return SignupController.notFound(response);
        }
        DateTimeFormatter date = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        List<Row> rows = new ArrayList<>();
        for (EditionArchive.ArchivedEdition e : archive.sent(list.get().id(), 520)) {
            // the count of the page the row opens (every section, every story), not of the stories collected
            int shown = counts.get(e.editionId(), id -> snapshots.load(id)
                    .sectionsFor(everyTopic(snapshots.load(id), list.get())).stream()
                    .mapToInt(s -> s.stories().size()).sum());
            rows.add(new Row(e.week().toString(), date.format(e.week().monday()) + " – " + date.format(e.week().sunday()),
                    shown, "/archive/" + slug + "/" + e.week()));
        }
        model.addAttribute("list", list.get());
        model.addAttribute("rows", rows);
        model.addAttribute("feedUrl", "/archive/" + slug + "/feed.atom");
        model.addAttribute("signupUrl", list.get().archived() ? null : "/subscribe/" + slug);
        return "public/archive";
    }

    @GetMapping("/archive/{slug}/{week}")
    String edition(@PathVariable String slug, @PathVariable String week, Model model, HttpServletResponse response) {
        Optional<NewsletterList> list = lists.findBySlug(slug);
        Optional<EditionArchive.ArchivedEdition> edition = list.flatMap(l -> parse(week).flatMap(w -> archive.sent(l.id(), w)));
        if (edition.isEmpty()) {
            return SignupController.notFound(response);
        }
        response.setHeader("Content-Security-Policy", EDITION_CSP);
        model.addAttribute("page", archived(list.get(), edition.get()).page());
        return "public/archive-edition";
    }

    /**
     * "View in browser": the edition as this reader gets it (their topics and length, their name and links), from
     * the signed link in their email; no sign-in. Never cached by the browser or a proxy, never indexed.
     */
    @GetMapping("/v/{token}/{week}")
    String readerEdition(@PathVariable String token, @PathVariable String week, Model model,
            HttpServletResponse response) {
        Optional<LinkToken> claims = tokens.verify(token, LinkToken.Purpose.VIEW);
        Optional<NewsletterList> list = claims.flatMap(c -> lists.findById(c.listId()));
        if (list.isEmpty() || subscribers.statusOf(claims.get().subscriberId(), list.get().id()).isEmpty()) {
            return pages.unresolved(token, LinkToken.Purpose.VIEW, model, response);
        }
        Optional<EditionArchive.ArchivedEdition> edition = parse(week).flatMap(w -> archive.sent(list.get().id(), w));
        if (edition.isEmpty()) {
            return SignupController.notFound(response);
        }
        long subscriberId = claims.get().subscriberId();
        NewsletterList l = list.get();
        EditionSnapshot snapshot = snapshots.load(edition.get().editionId());
        List<Long> chosen = subscribers.audienceIds(subscriberId, l.id());
        DigestLength length = subscribers.lengthOf(subscriberId, l.id()).orElseGet(() -> lists.defaultLength(l.id()));
        boolean every = chosen.isEmpty();
        String self = recap.link("/v/" + token + "/" + edition.get().week());
        String name = subscribers.findById(subscriberId).map(s -> FirstName.of(s.name())).orElse(null);
        DigestView.Personal personal = new DigestView.Personal(name != null ? name
                : messages.getMessage("digest.greeting.anonymous", null, l.locale()),
                links.unsubscribeUrl(subscriberId, l.id()), links.preferencesUrl(subscriberId, l.id()), self);
        RenderedDigest digest = renderer.render(snapshot,
                new DigestRenderer.Reader(every ? everyTopic(snapshot, l) : chosen, every, length), personal,
                app.recap.edition.StoryLinks.DIRECT);
        response.setHeader("Content-Security-Policy", EDITION_CSP);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("page", page(digest, l, self, l.locale(), false));
        return "public/archive-edition";
    }

    @GetMapping("/archive/{slug}/feed.atom")
    ResponseEntity<String> atom(@PathVariable String slug) {
        Optional<NewsletterList> found = lists.findBySlug(slug);
        if (found.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        NewsletterList list = found.get();
        List<ArchiveFeed.Entry> entries = new ArrayList<>();
        for (EditionArchive.ArchivedEdition e : archive.sent(list.id(), properties.archiveFeedEntries())) {
            Archived a = archived(list, e);
            entries.add(new ArchiveFeed.Entry(a.subject(), recap.link("/archive/" + slug + "/" + e.week()), e.sentAt(),
                    a.summaryHtml()));
        }
        String xml = feed.atom(new ArchiveFeed.Feed(list.name(),
                messages.getMessage("archive.feed.subtitle", new Object[] {list.name()}, list.locale()),
                recap.link("/archive/" + slug + "/feed.atom"), recap.link("/archive/" + slug), list.senderName(),
                list.locale().toLanguageTag()), entries, clock.instant());
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
                .header(HttpHeaders.CACHE_CONTROL, CacheControl.maxAge(Duration.ofMinutes(30)).cachePublic().getHeaderValue())
                .body(xml);
    }

    private Archived archived(NewsletterList list, EditionArchive.ArchivedEdition edition) {
        return rendered.get(edition.editionId(), id -> render(list, edition));
    }

    private Archived render(NewsletterList list, EditionArchive.ArchivedEdition edition) {
        EditionSnapshot snapshot = snapshots.load(edition.editionId());
        List<Long> audiences = everyTopic(snapshot, list);
        Locale locale = list.locale();
        // no name, no personal links: the footer's preference and unsubscribe links render with an empty target
        DigestView.Personal nobody = new DigestView.Personal(
                messages.getMessage("digest.greeting.anonymous", null, locale), null, null, null);
        RenderedDigest digest = renderer.render(snapshot, audiences, nobody);
        String self = recap.link("/archive/" + list.slug() + "/" + edition.week());
        return new Archived(digest.subject(), page(digest, list, self, locale, true),
                summary(snapshot.sectionsFor(audiences), messages.getMessage("digest.lead.heading", null, locale)),
                digest.storyCount());
    }

    private List<Long> everyTopic(EditionSnapshot snapshot, NewsletterList list) {
        return snapshot.defaultAudienceIds(lists.offeredAudienceIds(list.id()));
    }

    /**
     * The email as a web page: its "view in browser" link removed, a bar to the archive added; for a visitor (the
     * public archive) the personal footer and greeting go too.
     */
    private String page(RenderedDigest digest, NewsletterList list, String self, Locale locale, boolean visitor) {
        Document doc = Jsoup.parse(digest.html(), self);
        for (Element a : doc.select("a:not([href]), a[href=\"\"], a[href=\"" + self + "\"]")) {
            Element paragraph = a.closest("p");
            (paragraph == null ? a : paragraph).remove();
        }
        if (!visitor) {
            doc.head().appendElement("meta").attr("name", "robots").attr("content", "noindex, nofollow");
        }
        // the greeting and "you receive this because you subscribed" speak to a subscriber, not to a visitor
        String greeting = messages.getMessage("digest.greeting",
                new Object[] {messages.getMessage("digest.greeting.anonymous", null, locale)}, locale);
        String why = messages.getMessage("digest.footer.why", new Object[] {list.name()}, locale);
        if (visitor) {
            doc.select("p").stream().filter(p -> p.text().equals(greeting) || p.text().equals(why)).toList()
                    .forEach(Element::remove);
        }
        String archivePath = "/archive/" + list.slug();
        doc.head().appendElement("link").attr("rel", "alternate").attr("type", "application/atom+xml")
                .attr("title", list.name()).attr("href", archivePath + "/feed.atom");
        doc.head().appendElement("meta").attr("name", "referrer").attr("content", "no-referrer");
        // 44 px tall links: padding around a 20 px line
        String link = "display:inline-block;padding:12px 0;color:#1a56db;text-decoration:underline;";
        StringBuilder bar = new StringBuilder()
                .append("<nav class=\"archive-bar\" style=\"max-width:600px;margin:0 auto;padding:4px 16px 0;")
                .append("font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;\">")
                .append("<a style=\"").append(link).append("\" href=\"").append(archivePath).append("\">")
                .append(HtmlUtils.htmlEscape(messages.getMessage("archive.edition.back", new Object[] {list.name()}, locale)))
                .append("</a>");
        if (!list.archived()) {
            bar.append(" &middot; <a style=\"").append(link).append("\" href=\"/subscribe/").append(list.slug())
                    .append("\">").append(HtmlUtils.htmlEscape(messages.getMessage("archive.subscribe", null, locale)))
                    .append("</a>");
        }
        bar.append("</nav>");
        doc.body().prepend(bar.toString());
        return doc.outerHtml();
    }

    /** The Atom entry's content: each section's headlines, linked. */
    private static String summary(List<DigestView.Section> sections, String leadHeading) {
        StringBuilder html = new StringBuilder();
        for (DigestView.Section section : sections) {
            String heading = section.lead() ? leadHeading : section.audienceName();
            html.append("<h3>").append(HtmlUtils.htmlEscape(heading)).append("</h3><ul>");
            for (DigestView.StoryView story : section.stories()) {
                html.append("<li><a href=\"").append(HtmlUtils.htmlEscape(story.url())).append("\">")
                        .append(HtmlUtils.htmlEscape(story.title())).append("</a>");
                if (story.whatChanged() != null) {
                    html.append(" — ").append(HtmlUtils.htmlEscape(story.whatChanged()));
                }
                html.append("</li>");
            }
            html.append("</ul>");
        }
        return html.toString();
    }

    private static Optional<IsoWeek> parse(String week) {
        try {
            return Optional.of(IsoWeek.parse(week));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
