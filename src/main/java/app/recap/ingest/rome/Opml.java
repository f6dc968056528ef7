package app.recap.ingest.rome;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.jdom2.Attribute;
import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.JDOMException;
import org.jdom2.output.Format;
import org.jdom2.output.XMLOutputter;

import app.recap.ingest.FeedParseException;

/**
 * OPML subscription lists, as feed readers export them: read with the same hardened builder as feeds (no external
 * entity or DTD, capped expansion) and written as OPML 2.0. Folders (outlines without {@code xmlUrl} that hold
 * others) are flattened; each feed outline keeps the path of its folders for the report. An {@code include} outline
 * is never followed: fetching what an uploaded file names is the request forgery the feed guard exists for.
 */
public final class Opml {

    /** Outlines read from one file at most; a reader's export of every feed a person follows stays far below. */
    public static final int MAX_OUTLINES = 5_000;

    /**
     * One outline that is, or should have been, a feed.
     *
     * @param title   its {@code title}, else its {@code text}; may be null
     * @param url     its {@code xmlUrl}, stripped; null when it has none
     * @param folder  the titles of its enclosing folders joined with " / "; null at the top level
     * @param problem why it cannot be a feed, in words; null when it names a feed URL
     */
    public record Outline(String title, String url, String folder, String problem) {
    }

    /** A feed to export. */
    public record Subscription(String title, String url) {
    }

    private Opml() {
    }

    /**
     * The outlines of an OPML 1.0, 1.1 or 2.0 file, in document order.
     *
     * @throws FeedParseException when the bytes are not well-formed OPML, with a message for the admin
     */
    public static List<Outline> read(byte[] file) throws FeedParseException {
        String text = RomeFeedParser.decode(file, null, new ArrayList<>()).stripLeading();
        if (text.isEmpty()) {
            throw new FeedParseException("the file is empty");
        }
        Document document;
        try {
            document = SafeDocumentBuilder.build(new StringReader(text));
        } catch (JDOMException e) {
            String cause = e.getCause() == null || e.getCause().getMessage() == null ? String.valueOf(e.getMessage())
                    : e.getCause().getMessage();
            if (cause.contains("JAXP0001") || cause.contains("entity expansions")) {
                throw new FeedParseException("refused: the file exceeds the XML parser's safety limits (" + cause
                        + ")", e);
            }
            throw new FeedParseException("the file is not well-formed XML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new FeedParseException("could not read the file: " + e.getMessage(), e);
        }
        Element root = document.getRootElement();
        if (!root.getName().equalsIgnoreCase("opml")) {
            throw new FeedParseException("the file is not OPML (its root element is <" + root.getName() + ">)");
        }
        Element body = child(root, "body");
        if (body == null) {
            throw new FeedParseException("the OPML file has no <body>, so it lists no feeds");
        }
        List<Outline> outlines = new ArrayList<>();
        collect(body, null, outlines);
        return outlines;
    }

    private static void collect(Element parent, String folder, List<Outline> into) throws FeedParseException {
        for (Element outline : parent.getChildren()) {
            if (!outline.getName().equalsIgnoreCase("outline")) {
                continue;
            }
            if (into.size() >= MAX_OUTLINES) {
                throw new FeedParseException("the OPML file has more than " + MAX_OUTLINES + " outlines");
            }
            String title = attribute(outline, "title");
            if (title == null) {
                title = attribute(outline, "text");
            }
            String url = attribute(outline, "xmlUrl");
            boolean hasChildren = outline.getChildren().stream().anyMatch(c -> c.getName().equalsIgnoreCase("outline"));
            if (url != null) {
                into.add(new Outline(title, url, folder, null));
            } else if ("include".equalsIgnoreCase(attribute(outline, "type"))) {
                into.add(new Outline(title, attribute(outline, "url"), folder,
                        "an OPML include, which Recap does not follow; import that file itself"));
            } else if (!hasChildren) {
                into.add(new Outline(title, attribute(outline, "url"), folder, "not a feed (the outline has no xmlUrl)"));
            }
            if (hasChildren) {
                String name = title == null ? "?" : title;
                collect(outline, folder == null ? name : folder + " / " + name, into);
            }
        }
    }

    /**
     * An OPML 2.0 document listing the feeds, each as an {@code rss} outline (readers use that type for Atom and
     * JSON Feed alike).
     */
    public static String write(String title, List<Subscription> feeds, Instant created) {
        Element head = new Element("head")
                .addContent(new Element("title").setText(title))
                .addContent(new Element("dateCreated").setText(
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(created.atOffset(ZoneOffset.UTC))));
        Element body = new Element("body");
        for (Subscription feed : feeds) {
            body.addContent(new Element("outline").setAttribute("type", "rss").setAttribute("text", feed.title())
                    .setAttribute("title", feed.title()).setAttribute("xmlUrl", feed.url()));
        }
        Element opml = new Element("opml").setAttribute("version", "2.0").addContent(head).addContent(body);
        return new XMLOutputter(Format.getPrettyFormat().setEncoding("UTF-8")).outputString(new Document(opml));
    }

    private static Element child(Element parent, String name) {
        return parent.getChildren().stream().filter(c -> c.getName().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** Attribute names differ in case between tools ({@code xmlUrl}, {@code xmlurl}, {@code XMLURL}). */
    private static String attribute(Element element, String name) {
        for (Attribute attribute : element.getAttributes()) {
            if (attribute.getName().equalsIgnoreCase(name)) {
                String value = attribute.getValue().strip();
                return value.isEmpty() ? null : value;
            }
        }
        return null;
    }
}
