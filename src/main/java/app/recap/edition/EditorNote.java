package app.recap.edition;

import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

/**
 * An editor's note, short Markdown, rendered for the digest's two parts. The HTML is safe whatever was typed:
 * CommonMark escapes raw HTML and drops unsafe link schemes, and jsoup's cleaner then keeps only basic text tags
 * (links with http, https and mailto only), the same kind of allow-list the ingest cleaner uses.
 *
 * @param html the note as HTML for the email, empty when there is no note
 * @param text the note as plain text, empty when there is no note
 */
public record EditorNote(String html, String text) {

    /** The most an editor's note may hold, in characters of Markdown. */
    public static final int MAX_LENGTH = 2000;

    static final EditorNote NONE = new EditorNote("", "");

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer HTML = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();
    private static final Safelist ALLOWED = Safelist.none()
            .addTags("p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code")
            .addAttributes("a", "href").addProtocols("a", "href", "http", "https", "mailto")
            .addTags("a").addEnforcedAttribute("a", "rel", "noopener noreferrer");

    /** @param markdown the note as written; null or blank for none */
    public static EditorNote of(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return NONE;
        }
        Node document = PARSER.parse(markdown.strip());
        Document.OutputSettings compact = new Document.OutputSettings().prettyPrint(false);
        String html = Jsoup.clean(HTML.render(document), "", ALLOWED, compact).strip();
        return new EditorNote(html, TEXT.render(document).strip());
    }

    public boolean present() {
        return !html.isEmpty() || !text.isEmpty();
    }
}
