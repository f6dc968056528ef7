package app.recap.ingest.rome;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.Namespace;
import org.springframework.stereotype.Component;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import com.rometools.rome.io.impl.Atom10Parser;

import app.recap.ingest.FeedParseException;
import app.recap.ingest.ParsedFeed;
import app.recap.ingest.ParsedItem;

/**
 * Parses RSS 0.9x, 1.0, 2.0 and Atom 0.3, 1.0 with Rome into Recap's own records, so no Rome type leaves this
 * package. The bytes are decoded here (HTTP charset and XML declaration through Rome's {@link XmlReader}, with
 * fall-backs for wrong or unknown declarations) and parsed by {@link SafeDocumentBuilder}, never by Rome's own
 * builder, which either refuses every DOCTYPE or, when told to allow them, leaves entity expansion to defaults.
 */
@Component
public class RomeFeedParser {

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final Pattern DECLARED_ENCODING = Pattern.compile("^<\\?xml[^>]*encoding\\s*=\\s*[\"']([^\"']+)[\"']");
    private static final Set<String> FEED_ROOTS = Set.of("rss", "RDF", "feed");
    private static final Pattern FIRST_TAG = Pattern.compile("<[?!/]?[A-Za-z][A-Za-z0-9:._-]{0,30}");
    private static final Pattern HTML_START = Pattern.compile("^(<\\?xml[^>]*>\\s*)?(<!--.*?-->\\s*)*<(!doctype\\s+html|html)[\\s>]",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    static {
        // Atom 1.0 links relative to xml:base come out absolute, as the spec says; other relative links are
        // resolved against the feed's own URL later. (A global switch in Rome; Recap reads feeds only here.)
        Atom10Parser.setResolveURIs(true);
    }

    /**
     * @param body            the raw feed bytes; this method does not close it
     * @param httpContentType the HTTP Content-Type header, or null; its charset wins over the XML declaration
     * @throws FeedParseException with a message a person can act on
     */
    public ParsedFeed parse(InputStream body, String httpContentType) throws FeedParseException {
        try {
            return parse(body.readAllBytes(), httpContentType);
        } catch (IOException e) {
            throw new FeedParseException("could not read the feed: " + rootCause(e), e);
        }
    }

    /** As {@link #parse(InputStream, String)}, for bytes already in memory. */
    public ParsedFeed parse(byte[] body, String httpContentType) throws FeedParseException {
        List<String> warnings = new ArrayList<>();
        String text = decode(body, httpContentType, warnings);
        String start = text.stripLeading();
        if (start.isEmpty()) {
            throw new FeedParseException("the document is empty");
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            throw new FeedParseException("the document is JSON (perhaps a JSON Feed), not RSS or Atom");
        }
        if (HTML_START.matcher(start.length() > 4096 ? start.substring(0, 4096) : start).find()) {
            throw htmlPage();
        }
        Document document = document(text, start, warnings);
        String problem = LegacyRepairs.apply(document, warnings);
        if (problem != null) {
            throw new FeedParseException(problem);
        }
        try {
            List<Date> dates = RssDates.takeItemDates(document);
            SyndFeed feed = new SyndFeedInput().build(document);
            List<SyndEntry> entries = feed.getEntries();
            if (dates != null && dates.size() == entries.size()) {
                for (int i = 0; i < entries.size(); i++) {
                    // as Rome does with a pubDate: the item's Dublin Core date, when it has one, comes first
                    if (dates.get(i) != null && entries.get(i).getPublishedDate() == null) {
                        entries.get(i).setPublishedDate(dates.get(i));
                    }
                }
            }
            List<ParsedItem> items = new ArrayList<>();
            for (SyndEntry entry : entries) {
                items.add(toItem(entry));
            }
            return new ParsedFeed(feed.getTitle(), feed.getLink(), items, warnings, atomLink(document, "hub"),
                    atomLink(document, "self"));
        } catch (IllegalArgumentException e) {
            String root = document.hasRootElement() ? document.getRootElement().getName() : "?";
            throw new FeedParseException("the XML is not an RSS or Atom feed (its root element is <" + root + ">)", e);
        } catch (FeedException e) {
            throw new FeedParseException("not a readable RSS or Atom feed: " + rootCause(e), e);
        } catch (RuntimeException | StackOverflowError e) {
            // Rome throws unchecked exceptions on some broken documents (<rss> without <channel>, bad base64)
            throw new FeedParseException("the feed is malformed in a way the feed library could not read ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
    }

    /**
     * The document, strictly parsed; when that fails on well-formedness (never on a security limit), parsed again
     * leniently by {@link LenientXml} and noted in the warnings.
     */
    private static Document document(String text, String start, List<String> warnings) throws FeedParseException {
        String fixed = withHtmlEntitiesFixed(text);
        try {
            return SafeDocumentBuilder.build(new StringReader(fixed));
        } catch (JDOMException e) {
            FeedParseException strict = xmlProblem(e, start);
            if (strict.getMessage().startsWith("refused")) {
                throw strict;
            }
            Document whole = withoutTrailingContent(fixed, warnings);
            if (whole != null) {
                return whole;
            }
            if (strict.getMessage().startsWith("the document is an HTML")) {
                throw strict;
            }
            try {
                Document lenient = SafeDocumentBuilder.build(new StringReader(LenientXml.repair(text, warnings)));
                warnings.add(strict.getMessage().replace("the feed is not well-formed XML: ", "the feed is not "
                        + "well-formed XML (") + "), so Recap read it leniently");
                return lenient;
            } catch (JDOMException | IOException | RuntimeException stillBroken) {
                throw strict;
            }
        } catch (IOException e) {
            throw new FeedParseException("could not read the feed: " + rootCause(e), e);
        }
    }

    /** Rome's repair of HTML entities XML does not know ({@code &nbsp;}), as text. */
    private static String withHtmlEntitiesFixed(String text) {
        return EntityFixer.fix(text);
    }

    /**
     * A complete feed followed by something else (a script a compromised site injects, a second XML declaration
     * from concatenated responses, HTML a broken CMS appends): the feed up to its root's end tag, strictly parsed,
     * with a warning naming what was dropped; null when the text is not that.
     */
    private static Document withoutTrailingContent(String text, List<String> warnings) {
        int end = SafeDocumentBuilder.rootEnd(text);
        if (end < 0 || text.substring(end).isBlank()) {
            return null;
        }
        try {
            Document document = SafeDocumentBuilder.build(new StringReader(text.substring(0, end)));
            if (!FEED_ROOTS.contains(document.getRootElement().getName())) {
                return null;
            }
            String rest = text.substring(end).strip();
            Matcher tag = FIRST_TAG.matcher(rest);
            String what = tag.lookingAt() ? "beginning with " + tag.group() : "beginning with text";
            warnings.add("the feed's root element is followed by " + (text.length() - end) + " characters of other "
                    + "content (" + what + "), which Recap dropped");
            return document;
        } catch (JDOMException | IOException | RuntimeException notWhole) {
            return null;
        }
    }

    /**
     * Bytes to text: the encoding Rome's XmlReader settles on from the HTTP charset, BOM and XML declaration, with
     * two repairs for what real feeds get wrong: "UTF-8" (or ASCII) that is not, read as Windows-1252; and an
     * encoding Java does not know or Rome refuses, found again from the BOM or tried as UTF-8 and Windows-1252.
     */
    static String decode(byte[] body, String httpContentType, List<String> warnings) {
        String encoding;
        try (XmlReader reader = httpContentType == null ? new XmlReader(new ByteArrayInputStream(body), true)
                : new XmlReader(new ByteArrayInputStream(body), httpContentType, true)) {
            encoding = reader.getEncoding();
        } catch (IOException | RuntimeException e) {
            encoding = null;
        }
        Charset charset = charset(encoding);
        if (charset == null) {
            charset = sniff(body);
            if (charset == null) {
                charset = isUtf8(body) ? StandardCharsets.UTF_8 : WINDOWS_1252;
            }
            warnings.add("the feed's declared encoding" + (encoding == null ? "" : " '" + encoding + "'")
                    + " could not be used, so it was read as " + charset.name());
        }
        if (charset.equals(StandardCharsets.UTF_8) || charset.equals(StandardCharsets.US_ASCII)) {
            if (isUtf8(body)) {
                charset = StandardCharsets.UTF_8;
            } else {
                charset = WINDOWS_1252;
                warnings.add("the feed says it is UTF-8 but is not, so it was read as Windows-1252");
            }
        } else if (charset.equals(StandardCharsets.ISO_8859_1)) {
            // what browsers do too: the C1 range of "Latin-1" feeds is nearly always Windows-1252 punctuation
            charset = WINDOWS_1252;
        }
        int bom = charset.equals(WINDOWS_1252) && body.length >= 3 && (body[0] & 0xff) == 0xEF
                && (body[1] & 0xff) == 0xBB && (body[2] & 0xff) == 0xBF ? 3 : 0;
        String text = new String(body, bom, body.length - bom, charset);
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        return withoutIllegalXmlCharacters(text, warnings);
    }

    private static Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : null;
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }

    /** The encoding a byte-order mark or an ASCII-compatible XML declaration names, or null. */
    private static Charset sniff(byte[] b) {
        if (b.length >= 4 && b[0] == 0 && b[1] == 0 && (b[2] & 0xff) == 0xFE && (b[3] & 0xff) == 0xFF) {
            return Charset.forName("UTF-32BE");
        }
        if (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE && b[2] == 0 && b[3] == 0) {
            return Charset.forName("UTF-32LE");
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFE && (b[1] & 0xff) == 0xFF) {
            return StandardCharsets.UTF_16BE;
        }
        if (b.length >= 2 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xFE) {
            return StandardCharsets.UTF_16LE;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        String head = new String(b, 0, Math.min(b.length, 200), StandardCharsets.ISO_8859_1);
        Matcher declared = DECLARED_ENCODING.matcher(head);
        return declared.find() ? charset(declared.group(1).strip()) : null;
    }

    private static boolean isUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** XML 1.0 forbids most control characters; feeds carry them anyway, and one would sink the whole feed. */
    private static String withoutIllegalXmlCharacters(String text, List<String> warnings) {
        StringBuilder kept = null;
        int removed = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean legal = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
                    || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
            if (!legal) {
                if (kept == null) {
                    kept = new StringBuilder(text.length()).append(text, 0, i);
                }
                removed++;
            } else if (kept != null) {
                kept.append(c);
            }
        }
        if (kept == null) {
            return text;
        }
        warnings.add("removed " + removed + " control character" + (removed == 1 ? "" : "s") + " that XML does not allow");
        return kept.toString();
    }

    private static FeedParseException xmlProblem(JDOMException e, String start) {
        String cause = rootCause(e);
        if (cause.contains("JAXP00010001") || cause.contains("entity expansions")) {
            return new FeedParseException("refused: the feed's entity declarations expand more than "
                    + SafeDocumentBuilder.MAX_ENTITY_EXPANSIONS + " times (an entity-expansion or \"billion laughs\" "
                    + "attack, or a very odd feed)", e);
        }
        if (cause.contains("JAXP0001")) {
            return new FeedParseException("refused: the feed exceeds the XML parser's safety limits (" + cause + ")", e);
        }
        if (start.regionMatches(true, 0, "<html", 0, 5) || start.toLowerCase(Locale.ROOT).contains("<html")) {
            return htmlPage();
        }
        String message = e.getMessage() == null ? cause : e.getMessage();
        return new FeedParseException("the feed is not well-formed XML: " + message, e);
    }

    private static FeedParseException htmlPage() {
        return new FeedParseException("the document is an HTML web page, not an RSS or Atom feed; the site may link "
                + "its feed from that page");
    }

    private static ParsedItem toItem(SyndEntry entry) {
        String description = null;
        SyndContent content = entry.getDescription();
        if (content != null) {
            description = content.getValue();
        }
        if ((description == null || description.isBlank()) && !entry.getContents().isEmpty()) {
            description = entry.getContents().get(0).getValue();
        }
        Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
        String link = entry.getLink();
        if ((link == null || link.isBlank()) && entry.getUri() != null && entry.getUri().startsWith("http")) {
            link = entry.getUri();
        }
        return new ParsedItem(entry.getUri(), link, entry.getTitle(), description,
                date == null ? null : date.toInstant(), enrichment(entry));
    }

    private static ParsedItem.Enrichment enrichment(SyndEntry entry) {
        if (!(entry.getModule(EnrichmentModule.URI) instanceof EnrichmentModule module)) {
            return null;
        }
        return new ParsedItem.Enrichment(module.getTldr(), module.getWhyItMatters(), module.getWhatToDoNext(),
                module.getImportance(), module.getTakeaways(),
                module.getAudiences().stream()
                        .map(a -> new ParsedItem.Enrichment.Audience(a.name(), a.weight())).toList());
    }

    /**
     * The href of the feed-level Atom link with {@code rel}: a child of {@code <feed>} in Atom, of
     * {@code <channel>} (as atom:link) in RSS. Read from the document because Rome keeps RSS's atom:link only as
     * foreign markup.
     */
    static String atomLink(Document document, String rel) {
        if (!document.hasRootElement()) {
            return null;
        }
        Element root = document.getRootElement();
        Element parent = root.getName().equals("rss") ? root.getChild("channel", root.getNamespace()) : root;
        if (parent == null) {
            return null;
        }
        for (Element link : parent.getChildren("link", Namespace.getNamespace("http://www.w3.org/2005/Atom"))) {
            String href = link.getAttributeValue("href");
            if (rel.equals(link.getAttributeValue("rel")) && href != null && !href.isBlank()) {
                return href.strip();
            }
        }
        return null;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
