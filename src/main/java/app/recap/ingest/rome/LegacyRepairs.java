package app.recap.ingest.rome;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;

/**
 * Repairs, on the parsed document, what would otherwise crash Rome (its unchecked exceptions are a known trap):
 * Atom 0.3 {@code mode="base64"} content with the line breaks base64 usually has, which Rome's decoder cannot
 * skip; UserLand's namespaced RSS, which Rome does not recognise; and {@code <rss>} or RDF without
 * {@code <channel>}, which Rome reads into a NullPointerException.
 */
final class LegacyRepairs {

    private LegacyRepairs() {
    }

    /** @return null when the document can go to Rome, otherwise why it cannot, in words */
    static String apply(Document document, List<String> warnings) {
        if (!document.hasRootElement()) {
            return "the document has no root element";
        }
        Element root = document.getRootElement();
        if (root.getName().equals("rss") && !root.getNamespaceURI().isEmpty()) {
            // UserLand's namespaced RSS ("http://backend.userland.com/rss2"): Rome only reads RSS without one
            Namespace userland = root.getNamespace();
            List<Element> all = new ArrayList<>();
            all.add(root);
            root.getDescendants(Filters.element(userland)).forEach(all::add);
            all.forEach(e -> e.setNamespace(Namespace.NO_NAMESPACE));
        }
        if (root.getName().equals("rss") && root.getChild("channel") == null) {
            return "the RSS document has no <channel>, so it carries no items";
        }
        if (root.getName().equals("RDF") && root.getChildren().stream().noneMatch(c -> c.getName().equals("channel"))) {
            return "the RSS 1.0 (RDF) document has no <channel>, so it is not a feed";
        }
        int dropped = 0;
        List<Element> elements = new ArrayList<>();
        document.getDescendants(Filters.element()).forEach(elements::add);
        for (Element element : elements) {
            if ("base64".equals(element.getAttributeValue("mode"))) {
                String compact = element.getText().replaceAll("\\s+", "");
                try {
                    Base64.getDecoder().decode(compact);
                    element.setText(compact);
                } catch (IllegalArgumentException notBase64) {
                    element.removeContent();
                    dropped++;
                }
            }
        }
        if (dropped > 0) {
            warnings.add("dropped " + dropped + " base64 text" + (dropped == 1 ? "" : "s") + " that did not decode");
        }
        return null;
    }
}
