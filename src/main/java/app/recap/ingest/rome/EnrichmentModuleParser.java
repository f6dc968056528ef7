package app.recap.ingest.rome;

import java.util.Locale;

import org.jdom2.Element;
import org.jdom2.Namespace;

import com.rometools.rome.feed.module.Module;
import com.rometools.rome.io.ModuleParser;

/**
 * Reads the {@code urn:recap:enrichment:1} elements of an item or entry. Registered with Rome through
 * {@code rome.properties} at the classpath root.
 */
public class EnrichmentModuleParser implements ModuleParser {

    private static final Namespace NS = Namespace.getNamespace(EnrichmentModule.URI);

    @Override
    public String getNamespaceUri() {
        return EnrichmentModule.URI;
    }

    @Override
    public Module parse(Element item, Locale locale) {
        EnrichmentModule module = new EnrichmentModule();
        module.setTldr(text(item.getChild("tldr", NS)));
        module.setWhyItMatters(text(item.getChild("why-it-matters", NS)));
        module.setWhatToDoNext(text(item.getChild("what-to-do-next", NS)));
        module.setImportance(number(text(item.getChild("importance", NS))));
        for (Element takeaway : item.getChildren("takeaway", NS)) {
            String text = text(takeaway);
            if (text != null) {
                module.addTakeaway(text);
            }
        }
        for (Element audience : item.getChildren("audience", NS)) {
            String name = text(audience);
            if (name != null) {
                module.addAudience(new EnrichmentModule.AudienceElement(name, number(audience.getAttributeValue("weight"))));
            }
        }
        return module.isPresent() ? module : null;
    }

    private static String text(Element element) {
        if (element == null) {
            return null;
        }
        String text = element.getTextNormalize();
        return text.isEmpty() ? null : text;
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(text.strip());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
