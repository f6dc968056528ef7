package app.recap.ingest.rome;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jdom2.Document;
import org.jdom2.Element;
import org.jdom2.Namespace;
import org.jdom2.filter.Filters;

/**
 * Repairs, on the parsed document, what would otherwise crash Rome (its unchecked exceptions are a known trap):
 * Atom 0.3 {@code mode="base64"} content with the line breaks base64 usually has, which Rome's decoder cannot
 * skip; UserLand's namespaced RSS, which Rome does not recognise; and {@code <rss>} or RDF without
 * {@code <channel>}, which Rome reads into a NullPointerException; and an RSS {@code version} Rome does not know,
 * which it refuses outright.
 */
final class LegacyRepairs {

    /** The values of {@code <rss version>} that pick one of Rome's RSS parsers. */
    private static final Set<String> ROME_RSS_VERSIONS = Set.of("0.91", "0.92", "0.93", "0.94", "2.0");
    private static final Pattern VERSION_NUMBER = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    private static final Pattern SHOWN_VERSION = Pattern.compile("[^\\w.\\- ]");

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
        if (root.getName().equals("rss")) {
            readAsKnownRssVersion(root, warnings);
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

    /**
     * Rome picks its RSS parser by the exact {@code version} attribute and refuses the feed when none matches, so
     * a feed that says "0.9", "2.0.1", "2.00" or nothing gets the nearest version Rome reads: 2.0 for 1 and up
     * and for a missing or unreadable version (2.0 reads everything the 0.9x dialects carry), else the nearest
     * of 0.91 to 0.94.
     */
    private static void readAsKnownRssVersion(Element root, List<String> warnings) {
        String declared = root.getAttributeValue("version");
        if (declared != null && ROME_RSS_VERSIONS.contains(declared)) {
            return;
        }
        String nearest = nearestRssVersion(declared);
        root.setAttribute("version", nearest);
        String shown = declared == null ? null : SHOWN_VERSION.matcher(declared.strip()).replaceAll("");
        warnings.add(declared == null || shown.isEmpty()
                ? "the feed's <rss> element names no version, so it was read as RSS " + nearest
                : "the feed says it is RSS version \"" + (shown.length() > 20 ? shown.substring(0, 20) : shown)
                        + "\", which no RSS specification defines, so it was read as RSS " + nearest);
    }

    static String nearestRssVersion(String declared) {
        Matcher number = VERSION_NUMBER.matcher(declared == null ? "" : declared.strip());
        if (!number.lookingAt() || !number.group(1).chars().allMatch(c -> c == '0')) {
            return "2.0";
        }
        String fraction = number.group(2) == null ? "" : number.group(2);
        double value = fraction.isEmpty() ? 0 : Double.parseDouble("0." + fraction);
        String nearest = "0.91";
        for (String version : List.of("0.92", "0.93", "0.94")) {
            if (value >= Double.parseDouble(version) - 0.005) {
                nearest = version;
            }
        }
        return nearest;
    }
}
