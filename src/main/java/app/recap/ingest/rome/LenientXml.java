package app.recap.ingest.rome;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.nodes.XmlDeclaration;
import org.jsoup.parser.Parser;

/**
 * Second chance for feeds that are not well-formed XML, as many real ones are not: unclosed or truncated
 * elements, stray text after the root, HTML entities XML does not know, namespace prefixes nobody declared.
 * jsoup's forgiving XML parser reads the text (it loads nothing from outside and expands no declared entity)
 * and writes it out again as well-formed XML, with declarations added for undeclared prefixes; the result
 * then goes through {@link SafeDocumentBuilder} like any other feed.
 */
final class LenientXml {

    /** Namespaces that feeds use without declaring them, so Rome's modules still recognise the elements. */
    private static final Map<String, String> KNOWN_PREFIXES = Map.ofEntries(
            Map.entry("content", "http://purl.org/rss/1.0/modules/content/"),
            Map.entry("dc", "http://purl.org/dc/elements/1.1/"),
            Map.entry("dcterms", "http://purl.org/dc/terms/"),
            Map.entry("itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
            Map.entry("wfw", "http://wellformedweb.org/CommentAPI/"),
            Map.entry("media", "http://search.yahoo.com/mrss/"),
            Map.entry("atom", "http://www.w3.org/2005/Atom"),
            Map.entry("slash", "http://purl.org/rss/1.0/modules/slash/"),
            Map.entry("sy", "http://purl.org/rss/1.0/modules/syndication/"),
            Map.entry("georss", "http://www.georss.org/georss"),
            Map.entry("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
            Map.entry("recap", "urn:recap:enrichment:1"));

    private LenientXml() {
    }

    /** The text as well-formed XML (the meaning may be jsoup's best guess). */
    static String repair(String text, List<String> warnings) {
        Document document = Jsoup.parse(text, "", Parser.xmlParser());
        // the characters are already decoded; a declaration would only be misplaced after leading text
        document.childNodes().stream().filter(node -> node instanceof XmlDeclaration || node instanceof TextNode)
                .toList().forEach(Node::remove);
        Element root = document.children().isEmpty() ? null : document.child(0);
        if (root != null && root.nextSibling() != null) {
            // what follows the first root (a second document, appended HTML) would make the output two roots
            List<Node> after = new ArrayList<>();
            for (Node next = root.nextSibling(); next != null; next = next.nextSibling()) {
                after.add(next);
            }
            if (after.stream().anyMatch(node -> !(node instanceof TextNode t) || !t.isBlank())) {
                warnings.add("the feed's root element is followed by other content, which Recap dropped");
            }
            after.forEach(Node::remove);
        }
        if (root != null) {
            declareMissingPrefixes(document, root);
        }
        document.outputSettings().syntax(Document.OutputSettings.Syntax.xml).escapeMode(Entities.EscapeMode.xhtml)
                .charset(StandardCharsets.UTF_8).prettyPrint(false);
        return document.outerHtml();
    }

    private static void declareMissingPrefixes(Document document, Element root) {
        Set<String> declared = new HashSet<>();
        Set<String> used = new HashSet<>();
        for (Element element : document.getAllElements()) {
            prefix(element.tagName(), used);
            for (Attribute attribute : element.attributes()) {
                if (attribute.getKey().startsWith("xmlns:")) {
                    declared.add(attribute.getKey().substring(6));
                } else {
                    prefix(attribute.getKey(), used);
                }
            }
        }
        used.removeAll(declared);
        used.remove("xml");
        used.remove("xmlns");
        for (String prefix : used) {
            root.attr("xmlns:" + prefix, KNOWN_PREFIXES.getOrDefault(prefix, "urn:recap:undeclared:" + prefix));
        }
    }

    private static void prefix(String name, Set<String> into) {
        int colon = name.indexOf(':');
        if (colon > 0 && colon < name.length() - 1) {
            into.add(name.substring(0, colon));
        }
    }
}
