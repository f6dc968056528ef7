package app.recap.ingest.newsletter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;

import app.recap.ingest.ParsedItem;

/**
 * Turns one newsletter issue into items. A list-of-links issue (three or more links that each lead a heading, a
 * list entry or a paragraph, or a "Read more" under a heading) gives one item per linked article: its title from the
 * link text, or the heading above when the link text says nothing ("Read more"), its summary from the paragraph
 * around or after the link. Anything else is an essay and gives one item for the whole issue, its URL the
 * view-online link. Footer, unsubscribe, preference, sharing and social-profile links are never items; tracking
 * redirects are unwrapped where the link carries its destination, resolved through {@code resolve} where it does
 * not, and left out when neither works. Titles and summaries leave here as plain text and are cleaned again, like
 * feed HTML, by the ingest module.
 */
public final class NewsletterReader {

    /** What kind of issue it was. */
    public enum Kind {
        /** A list of links: one item per linked article. */
        DIGEST,
        /** One piece of writing: one item for the issue. */
        ESSAY
    }

    /**
     * @param items    in document order, each link once
     * @param warnings what was left out or worked around, in words
     */
    public record Reading(Kind kind, List<ParsedItem> items, List<String> warnings) {
    }

    static final int MIN_DIGEST_LINKS = 3;

    private static final String HEADINGS = "h1, h2, h3, h4, h5, h6";
    private static final String BLOCKS = "p, li, td, th, div, blockquote, h1, h2, h3, h4, h5, h6";

    private static final Pattern FOOTER_TEXT = Pattern.compile("(?i).*\\b(unsubscribe|opt[ -]?out|manage (your )?"
            + "(subscription|preferences|email)s?|update (your )?(preferences|profile|subscription)|email preferences"
            + "|forward (this|to a friend)|privacy|terms of (service|use)|advertise|sponsor (us|this newsletter)"
            + "|refer (a friend|friends)|share( this)?( post| issue| newsletter| on)?|subscribe( now)?|sign up"
            + "|get the app|download the app|read in (the )?app|start writing|powered by|like this post|leave a comment"
            + "|restack|reply|contact us|add us to your address book|why did i get this)\\b.*");
    private static final Pattern FOOTER_HREF = Pattern.compile("(?i).*(unsubscribe|/optout|opt-out|/manage/|"
            + "/preferences|/profile\\?|list-manage\\.com/(profile|vcard|about|unsubscribe)|substack\\.com/app-link|"
            + "/subscribe(\\?|$|/)|action=share|/share(\\?|$|/)|apps\\.apple\\.com|play\\.google\\.com|/account(\\?|$|/)"
            + "|[?&]action=(share|reply|comment)|/comments(\\?|$)).*");
    private static final Pattern VIEW_ONLINE = Pattern.compile("(?i)\\s*(view|read|open|see)( this| it| the)?"
            + "( email| post| issue| newsletter)?( (online|on the web|in (your |a )?(web )?browser|on (our )?(website|"
            + "site|web)))\\s*[→»>]?\\s*|\\s*(web version|view online|online version)\\s*");
    private static final Pattern GENERIC = Pattern.compile("(?i)\\s*(read|learn|see|find out|continue reading|keep "
            + "reading|full (story|article|post)|more|read more|read the (full )?(story|article|post|report|paper)|"
            + "link|here|click here|source|details|→|»|read on)\\s*[.:→»>]*\\s*");
    private static final List<String> SOCIAL = List.of("twitter.com", "x.com", "facebook.com", "fb.com",
            "instagram.com", "linkedin.com", "threads.net", "bsky.app", "tiktok.com", "mastodon.social", "t.me",
            "youtube.com", "pinterest.com", "whatsapp.com", "reddit.com", "discord.gg");
    /** The ESPs' own sites: "Powered by" badges and logos, never an article. */
    private static final List<String> ESP_HOMES = List.of("mailchimp.com", "beehiiv.com", "convertkit.com", "kit.com",
            "buttondown.email", "buttondown.com", "ghost.org", "substack.com", "mailerlite.com", "sendgrid.com");
    private static final Pattern READ_TIME = Pattern.compile("(?i)\\s*[(\\[]\\s*\\d+\\s*(min(ute)?s?|m)( read)?\\s*"
            + "[)\\]]\\s*$");

    private NewsletterReader() {
    }

    /**
     * @param html        the HTML body; null to read {@code text} instead
     * @param text        the plain-text body, used when there is no HTML
     * @param subject     the subject, the essay's title
     * @param date        when it was sent; every item carries it; may be null
     * @param resolve     where a tracking link leads, by a request; null when it cannot be resolved
     * @param extraTrackers more redirect host names, from configuration
     */
    public static Reading read(String html, String text, String subject, Instant date, UnaryOperator<String> resolve,
            List<String> extraTrackers) {
        Document doc = Jsoup.parse(html != null ? html : textAsHtml(text == null ? "" : text));
        doc.select("script, style, head, noscript, template, title").remove();
        // preheaders and tracking pixels' wrappers: hidden text a reader never sees
        doc.select("[style~=(?i)display\\s*:\\s*none], [hidden], [aria-hidden=true]").remove();

        int dropped = 0;
        Element viewOnline = null;
        List<Element> candidates = new ArrayList<>();
        for (Element a : doc.select("a[href]")) {
            String href = a.attr("href").strip();
            String label = a.text().strip();
            if (!href.regionMatches(true, 0, "http", 0, 4)) {
                continue;
            }
            if (viewOnline == null && (VIEW_ONLINE.matcher(label).matches()
                    || subject != null && !label.isEmpty() && a.closest(HEADINGS) != null
                    && label.equalsIgnoreCase(subject.strip()))) {
                viewOnline = a;
                continue;
            }
            if (FOOTER_TEXT.matcher(label).matches() || FOOTER_HREF.matcher(TrackingLinks.unwrap(href)).matches()) {
                dropped++;
                continue;
            }
            candidates.add(a);
        }
        List<Element> itemLinks = candidates.stream().filter(NewsletterReader::leadsItsBlock).toList();
        long distinct = itemLinks.stream().map(a -> TrackingLinks.unwrap(a.attr("href").strip())).distinct().count();
        List<String> warnings = new ArrayList<>();
        int[] unresolved = {0};
        UnaryOperator<String> destination = href -> {
            String unwrapped = TrackingLinks.unwrap(href);
            if (TrackingLinks.isTracker(unwrapped, extraTrackers)) {
                String resolved = resolve == null ? null : resolve.apply(unwrapped);
                if (resolved == null) {
                    unresolved[0]++;
                    return null;
                }
                unwrapped = TrackingLinks.unwrap(resolved);
            }
            return unwrapped;
        };
        List<ParsedItem> items = new ArrayList<>();
        Kind kind;
        if (distinct >= MIN_DIGEST_LINKS) {
            kind = Kind.DIGEST;
            Map<String, ParsedItem> byUrl = new LinkedHashMap<>();
            for (Element a : itemLinks) {
                String url = destination.apply(a.attr("href").strip());
                if (url == null || FOOTER_HREF.matcher(url).matches() || onHost(url, SOCIAL) && !deepLink(url)
                        || onHost(url, ESP_HOMES) && isHome(url)) {
                    dropped += url == null ? 0 : 1;
                    continue;
                }
                ParsedItem item = item(a, url, date);
                ParsedItem earlier = byUrl.get(url);
                // an image link often comes first with no text; the titled link for the same article wins
                if (earlier == null || earlier.title() == null && item.title() != null) {
                    byUrl.put(url, item);
                }
            }
            byUrl.values().stream().filter(i -> i.title() != null || i.description() != null).forEach(items::add);
        } else {
            kind = Kind.ESSAY;
            String url = viewOnline == null ? null : destination.apply(viewOnline.attr("href").strip());
            if (url == null) {
                warnings.add("an essay issue without a usable view-online link cannot become a story");
            }
            items.add(new ParsedItem(null, url, subject, opening(doc), date, null));
        }
        if (unresolved[0] > 0) {
            warnings.add(unresolved[0] + (unresolved[0] == 1 ? " tracking link" : " tracking links")
                    + " could not be resolved and " + (unresolved[0] == 1 ? "was" : "were") + " left out");
        }
        if (dropped > 0) {
            warnings.add(dropped + " footer, unsubscribe, sharing or social links dropped");
        }
        return new Reading(kind, items, warnings);
    }

    /** True when the link is the lead of its block: a heading, a list entry, a paragraph it opens, a "Read more". */
    private static boolean leadsItsBlock(Element a) {
        String label = a.text().strip();
        if (a.closest(HEADINGS) != null) {
            return true;
        }
        Element block = a.closest(BLOCKS);
        if (block == null) {
            return false;
        }
        if (block.normalName().equals("li") && block.selectFirst("a[href]") == a) {
            return true;
        }
        if (label.isEmpty()) {
            // image links: the titled link next to them is the item
            return false;
        }
        if (bareUrl(label)) {
            // plain-text issues: "Title" then the URL on the next line
            return without(block, a) != null;
        }
        if (generic(label)) {
            return precedingHeading(a) != null;
        }
        return label.length() >= 12 && block.text().strip().startsWith(label);
    }

    private static ParsedItem item(Element a, String url, Instant date) {
        String label = a.text().strip();
        Element heading = a.closest(HEADINGS);
        Element block = heading != null ? heading : a.closest(BLOCKS);
        String title = generic(label) ? null : label;
        String summary;
        if (title == null && bareUrl(label) && block != null) {
            title = without(block, a);
            summary = null;
        } else if (title == null) {
            Element above = precedingHeading(a);
            title = above == null ? null : above.text();
            summary = block == null ? null : without(block, a);
            if ((summary == null || summary.length() < 25) && above != null) {
                // "Heading / paragraph / Read more": the paragraph under the heading is the summary
                summary = textAfter(above);
            }
        } else if (heading != null) {
            summary = textAfter(heading);
        } else {
            summary = block == null ? null : without(block, a);
            if (summary == null || summary.length() < 25) {
                String next = block == null ? null : textAfter(block);
                summary = next != null ? next : summary;
            }
        }
        if (title != null) {
            title = READ_TIME.matcher(title).replaceAll("").replaceAll("[\\s→»]+$", "").strip();
        }
        return new ParsedItem(null, url, title == null || title.isEmpty() ? null : title,
                summary == null ? null : Entities.escape(summary), date, null);
    }

    /** The block's text with the link taken out and leading separators dropped; null when nothing is left. */
    private static String without(Element block, Element link) {
        Element copy = block.clone();
        String label = link.text().strip();
        for (Element a : copy.select("a[href]")) {
            if (a.attr("href").equals(link.attr("href")) && a.text().strip().equals(label)) {
                a.remove();
                break;
            }
        }
        String text = copy.text().replaceFirst("^[\\s\\-–—:|•·]+", "").strip();
        return text.length() < 3 ? null : text;
    }

    /** The text of the first block after this one that says something and is not the next item. */
    private static String textAfter(Element element) {
        for (Element e = element; e != null && !e.normalName().equals("body"); e = e.parent()) {
            for (Element next = e.nextElementSibling(); next != null; next = next.nextElementSibling()) {
                if (next.is(HEADINGS) || next.selectFirst(HEADINGS) != null) {
                    return null;
                }
                String text = next.text().strip();
                if (text.length() >= 20) {
                    return text;
                }
            }
        }
        return null;
    }

    /** The heading just above the link's block: looked for among the siblings of the link and its nearest parents. */
    private static Element precedingHeading(Element a) {
        int levels = 0;
        for (Element e = a; e != null && !e.normalName().equals("body") && levels++ < 4; e = e.parent()) {
            for (Element prev = e.previousElementSibling(); prev != null; prev = prev.previousElementSibling()) {
                if (prev.is(HEADINGS)) {
                    return prev;
                }
                Element inner = prev.select(HEADINGS).last();
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** An essay's opening: its first paragraphs of real text, up to about a thousand characters. */
    private static String opening(Document doc) {
        StringBuilder text = new StringBuilder();
        for (Element p : doc.select("p")) {
            String t = p.text().strip();
            if (t.length() >= 60 && !FOOTER_TEXT.matcher(t).matches()) {
                text.append(text.isEmpty() ? "" : " ").append(t);
                if (text.length() > 1000) {
                    break;
                }
            }
        }
        return text.isEmpty() ? null : Entities.escape(text.toString());
    }

    private static boolean generic(String label) {
        return label.isEmpty() || GENERIC.matcher(label).matches() || bareUrl(label);
    }

    private static boolean bareUrl(String label) {
        return label.regionMatches(true, 0, "http", 0, 4) && !label.contains(" ");
    }

    private static boolean onHost(String url, List<String> hosts) {
        String host = host(url);
        return host != null && hosts.stream().anyMatch(h -> host.equals(h) || host.endsWith("." + h));
    }

    /** A post or video on a social network may be news; a profile ("follow us") is not. */
    private static boolean deepLink(String url) {
        String path = path(url);
        return path.contains("/status/") || path.contains("/posts/") || path.contains("/post/")
                || path.contains("/watch") || path.contains("/comments/") || path.split("/").length > 3;
    }

    private static boolean isHome(String url) {
        String path = path(url);
        return path.isEmpty() || path.equals("/") || host(url).startsWith("www.") || !host(url).contains(".")
                || host(url).split("\\.").length <= 2;
    }

    private static String host(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(java.util.Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String path(String url) {
        try {
            String path = java.net.URI.create(url).getRawPath();
            return path == null ? "" : path;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** Plain-text issues: paragraphs at blank lines, bare URLs made links so the same reading applies. */
    private static String textAsHtml(String text) {
        StringBuilder html = new StringBuilder();
        for (String paragraph : text.split("\\r?\\n\\s*\\r?\\n")) {
            String escaped = Entities.escape(paragraph.strip());
            html.append("<p>").append(escaped.replaceAll("(https?://[^\\s<>\"]+)", "<a href=\"$1\">$1</a>")
                    .replace("\n", "<br>")).append("</p>\n");
        }
        return html.toString();
    }
}
