package app.recap.ingest.rome;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;

import org.jdom2.Document;
import org.jdom2.JDOMException;
import org.jdom2.input.SAXBuilder;
import org.jdom2.input.sax.SAXHandler;
import org.jdom2.input.sax.XMLReaderJDOMFactory;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Builds JDOM documents from untrusted feeds. Unlike Rome's own builder it accepts a DOCTYPE (real RSS 0.91 feeds
 * carry Netscape's), but nothing outside the document is ever read: no external DTD, no external general or
 * parameter entity, no XInclude, and every resolver answer is empty. Internal entities are expanded within the
 * JDK parser's limits, set here explicitly and lower than its defaults, so a "billion laughs" or a quadratic
 * blow-up stops with an error long before memory runs out.
 */
final class SafeDocumentBuilder {

    // JDK (Xerces) limits, see the java.xml module's "JAXP Processing Limits"
    private static final String ENTITY_EXPANSION_LIMIT = "http://www.oracle.com/xml/jaxp/properties/entityExpansionLimit";
    private static final String TOTAL_ENTITY_SIZE_LIMIT = "http://www.oracle.com/xml/jaxp/properties/totalEntitySizeLimit";
    private static final String MAX_GENERAL_ENTITY_SIZE = "http://www.oracle.com/xml/jaxp/properties/maxGeneralEntitySizeLimit";
    private static final String MAX_PARAMETER_ENTITY_SIZE = "http://www.oracle.com/xml/jaxp/properties/maxParameterEntitySizeLimit";
    private static final String MAX_ELEMENT_DEPTH = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private static final String EXTERNAL_GENERAL_ENTITIES = "http://xml.org/sax/features/external-general-entities";
    private static final String EXTERNAL_PARAMETER_ENTITIES = "http://xml.org/sax/features/external-parameter-entities";
    private static final String LOAD_EXTERNAL_DTD = "http://apache.org/xml/features/nonvalidating/load-external-dtd";

    /** Expansions of entity references per document; real feeds that declare entities use a few hundred. */
    static final int MAX_ENTITY_EXPANSIONS = 10_000;
    /** Characters all entity expansions together may produce. */
    static final int MAX_TOTAL_ENTITY_SIZE = 1_000_000;

    private SafeDocumentBuilder() {
    }

    /**
     * One builder per thread, which keeps its configured parser between documents: a new JAXP factory and parser
     * per feed, each with its features and limits set, cost 3% of ingest. The parser resets itself (the limits'
     * counters too) at the start of every document; a builder whose parse failed is dropped all the same.
     */
    private static final ThreadLocal<Builder> BUILDERS = ThreadLocal.withInitial(Builder::new);

    static Document build(Reader characters) throws JDOMException, IOException {
        Builder builder = BUILDERS.get();
        boolean parsed = false;
        try {
            Document document = builder.build(characters);
            parsed = true;
            return document;
        } finally {
            if (!parsed) {
                BUILDERS.remove();
            }
        }
    }

    /**
     * Where the root element of a document ends, found by the same hardened parser: the offset just after the
     * root's end tag, or -1 when the parser fails before the root closes or the position cannot be trusted. Used
     * for feeds followed by junk (a script, a second document, HTML), which no parser reads past the root.
     */
    static int rootEnd(String text) {
        RootEndFinder finder = new RootEndFinder();
        try {
            XMLReader reader = new HardenedReaders().createXMLReader();
            reader.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
            reader.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
            reader.setFeature(LOAD_EXTERNAL_DTD, false);
            reader.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            reader.setContentHandler(finder);
            reader.setErrorHandler(finder);
            reader.parse(new InputSource(new StringReader(text)));
        } catch (JDOMException | SAXException | IOException | RuntimeException expected) {
            // the parse fails on the junk after the root, or earlier; the finder knows which
        }
        if (finder.line < 0) {
            return -1;
        }
        int offset = offsetOf(text, finder.line, finder.column);
        return offset > 0 && offset <= text.length() && text.charAt(offset - 1) == '>' ? offset : -1;
    }

    /** The offset of a 1-based line and column, counting line ends as the XML parser does (CR LF, CR, LF). */
    private static int offsetOf(String text, int line, int column) {
        int current = 1;
        int i = 0;
        while (current < line && i < text.length()) {
            char c = text.charAt(i++);
            if (c == '\r') {
                if (i < text.length() && text.charAt(i) == '\n') {
                    i++;
                }
                current++;
            } else if (c == '\n') {
                current++;
            }
        }
        return current == line ? i + column - 1 : -1;
    }

    /** Remembers where the root element's end tag ends, and stops there. */
    private static final class RootEndFinder extends DefaultHandler {

        private Locator locator;
        private int depth;
        private int line = -1;
        private int column = -1;

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) {
            depth++;
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            depth--;
            if (depth == 0 && locator != null) {
                line = locator.getLineNumber();
                column = locator.getColumnNumber();
                throw new SAXException("root element closed");
            }
        }
    }

    /** JDOM's builder, with the parser's external-entity switches forced off after JDOM configured it. */
    private static final class Builder extends SAXBuilder {

        Builder() {
            super(new HardenedReaders());
            setReuseParser(true);
            // JDOM maps "expand entities" onto the external-general-entities feature; the override below
            // switches that feature off again, while internal entities still expand into text
            setExpandEntities(true);
            setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
        }

        @Override
        protected void configureParser(XMLReader parser, SAXHandler contentHandler) throws JDOMException {
            super.configureParser(parser, contentHandler);
            try {
                parser.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
                parser.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
                parser.setFeature(LOAD_EXTERNAL_DTD, false);
            } catch (SAXException e) {
                throw new JDOMException("the XML parser cannot be secured: " + e.getMessage(), e);
            }
        }
    }

    /** XML readers from the JDK's own parser, whatever else is on the classpath, with every limit set. */
    private static final class HardenedReaders implements XMLReaderJDOMFactory {

        private final SAXParserFactory factory;

        HardenedReaders() {
            factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            try {
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                factory.setFeature(EXTERNAL_GENERAL_ENTITIES, false);
                factory.setFeature(EXTERNAL_PARAMETER_ENTITIES, false);
                factory.setFeature(LOAD_EXTERNAL_DTD, false);
            } catch (SAXException | ParserConfigurationException e) {
                throw new IllegalStateException("the JDK XML parser does not support a required security feature", e);
            }
        }

        @Override
        public XMLReader createXMLReader() throws JDOMException {
            try {
                SAXParser parser = factory.newSAXParser();
                parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
                parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
                parser.setProperty(ENTITY_EXPANSION_LIMIT, String.valueOf(MAX_ENTITY_EXPANSIONS));
                parser.setProperty(TOTAL_ENTITY_SIZE_LIMIT, String.valueOf(MAX_TOTAL_ENTITY_SIZE));
                parser.setProperty(MAX_GENERAL_ENTITY_SIZE, String.valueOf(MAX_TOTAL_ENTITY_SIZE));
                parser.setProperty(MAX_PARAMETER_ENTITY_SIZE, String.valueOf(MAX_TOTAL_ENTITY_SIZE));
                parser.setProperty(MAX_ELEMENT_DEPTH, "1000");
                return parser.getXMLReader();
            } catch (SAXException | ParserConfigurationException e) {
                throw new JDOMException("the XML parser cannot be created: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean isValidating() {
            return false;
        }
    }
}
