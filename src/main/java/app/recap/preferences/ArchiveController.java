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
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

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

    /** A sent edition as the archive shows it. */
    private record Archived(String subject, String page, String summaryHtml) {
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

    ArchiveController(ListRepository lists, EditionArchive archive, EditionSnapshots snapshots, DigestRenderer renderer,
            ArchiveFeed feed, MessageSource messages, RecapProperties recap, PreferencesProperties properties,
            Clock clock) {
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
            rows.add(new Row(e.week().toString(), date.format(e.week().monday()) + " – " + date.format(e.week().sunday()),
                    e.storyCount(), "/archive/" + slug + "/" + e.week()));
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
        List<Long> audiences = snapshot.defaultAudienceIds(lists.offeredAudienceIds(list.id()));
        Locale locale = list.locale();
        // no name, no personal links: the footer's preference and unsubscribe links render with an empty target
        DigestView.Personal nobody = new DigestView.Personal(
                messages.getMessage("digest.greeting.anonymous", null, locale), null, null, null);
        RenderedDigest digest = renderer.render(snapshot, audiences, nobody);
        String self = recap.link("/archive/" + list.slug() + "/" + edition.week());
        return new Archived(digest.subject(), page(digest, list, self, locale),
                summary(snapshot.sectionsFor(audiences), messages.getMessage("digest.lead.heading", null, locale)));
    }

    /** The email as a web page: its personal footer and "view in browser" link removed, a bar to the archive added. */
    private String page(RenderedDigest digest, NewsletterList list, String self, Locale locale) {
        Document doc = Jsoup.parse(digest.html(), self);
        for (Element a : doc.select("a:not([href]), a[href=\"\"], a[href=\"" + self + "\"]")) {
            Element paragraph = a.closest("p");
            (paragraph == null ? a : paragraph).remove();
        }
        // the greeting and "you receive this because you subscribed" speak to a subscriber, not to a visitor
        String greeting = messages.getMessage("digest.greeting",
                new Object[] {messages.getMessage("digest.greeting.anonymous", null, locale)}, locale);
        String why = messages.getMessage("digest.footer.why", new Object[] {list.name()}, locale);
        doc.select("p").stream().filter(p -> p.text().equals(greeting) || p.text().equals(why)).toList()
                .forEach(Element::remove);
        String archivePath = "/archive/" + list.slug();
        doc.head().appendElement("link").attr("rel", "alternate").attr("type", "application/atom+xml")
                .attr("title", list.name()).attr("href", archivePath + "/feed.atom");
        doc.head().appendElement("meta").attr("name", "referrer").attr("content", "no-referrer");
        String link = "color:#1a56db;text-decoration:underline;";
        StringBuilder bar = new StringBuilder()
                .append("<nav class=\"archive-bar\" style=\"max-width:600px;margin:0 auto;padding:16px 16px 0;")
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
