package app.recap.ingest;

import java.text.BreakIterator;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Cleaner;
import org.jsoup.parser.Parser;
import org.jsoup.safety.Safelist;

/**
 * Turns untrusted feed HTML into plain text and picks sentences from it. Markup is first run through jsoup's
 * {@link Cleaner} with a safelist of text-structure tags only, so scripts, styles, event handlers, links (and
 * with them {@code javascript:} URLs), images (and with them tracking pixels), frames and forms are gone before
 * the text is taken; the text keeps the block boundaries as spaces. Nothing of the markup is stored.
 */
public final class FeedText {

    /** Block and inline tags whose text is kept, none with attributes. */
    private static final Safelist TEXT_ONLY = Safelist.none().addTags("p", "br", "div", "span", "li", "ul", "ol",
            "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "b", "strong", "i",
            "em", "u", "small", "sub", "sup", "table", "tr", "td", "th", "thead", "tbody", "caption", "figcaption",
            "hr", "q", "cite", "abbr");

    /**
     * Markup that survived a round as text: feeds that escape their HTML twice or three times
     * ("&amp;lt;script&amp;gt;"). Only tags of real HTML elements count, so a title about "&lt;second&gt;" keeps
     * its words.
     */
    private static final Pattern ESCAPED_MARKUP = Pattern.compile("<\\s*/?\\s*(script|style|iframe|frame|frameset|img"
            + "|object|embed|svg|math|link|meta|base|form|input|button|textarea|select|a|p|div|span|b|i|em|strong|br"
            + "|table|tr|td|ul|ol|li|h[1-6]|font|video|audio|source|picture|noscript|template)(\\s[^>]*)?/?>",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern ENTITY = Pattern.compile("&(#?[xX]?[0-9a-fA-F]+|[a-zA-Z]+);");

    /** Invisible characters that only serve to spoof or hide text: controls, bidi overrides, BOM. */
    static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069\\u200B\\uFEFF]");

    static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private FeedText() {
    }

    /**
     * Plain text of an HTML fragment: sanitised, entities decoded, mis-decoded UTF-8 repaired, invisible control
     * characters removed, whitespace collapsed. Null or blank gives null. Public for text that is as untrusted as a
     * feed's (the enrichment module's LLM answers).
     */
    public static String plain(String html) {
        if (html == null) {
            return null;
        }
        // most titles and many summaries are plain already: jsoup would hand them back with only the whitespace
        // collapsed, which the last step below does as well
        String text = needsParsing(html) ? textOf(html) : html;
        // both patterns need a literal '<' (after unescaping, an '&'), so text without them skips the regexes
        for (int round = 0; round < 3 && (text.indexOf('<') >= 0 || text.indexOf('&') >= 0); round++) {
            if (ESCAPED_MARKUP.matcher(text).find()) {
                text = textOf(text);
            } else if (ENTITY.matcher(text).find()
                    && ESCAPED_MARKUP.matcher(Parser.unescapeEntities(text, false)).find()) {
                text = textOf(Parser.unescapeEntities(text, false));
            } else {
                break;
            }
        }
        text = Mojibake.repair(text);
        text = collapsed(text).strip();
        return text.isEmpty() ? null : text;
    }

    /**
     * The text with each run of whitespace and {@link #INVISIBLE} characters made one space: what
     * {@code WHITESPACE.matcher(INVISIBLE.matcher(text).replaceAll(" ")).replaceAll(" ")} gives (tested equal), in one
     * pass without the two regex scans, which cost more than the rest of the cleaning of a plain title.
     */
    static String collapsed(String text) {
        StringBuilder out = null;
        boolean inRun = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean space = c == ' ' || isInvisible(c);
            if (out == null) {
                // unchanged so far: only a run longer than one space or a space that is not ' ' needs a copy
                if (!space || (c == ' ' && !inRun)) {
                    inRun = space;
                    continue;
                }
                out = new StringBuilder(text.length()).append(text, 0, inRun ? i - 1 : i);
                if (inRun) {
                    out.append(' ');
                }
            }
            if (space) {
                if (!inRun) {
                    out.append(' ');
                }
                inRun = true;
            } else {
                out.append(c);
                inRun = false;
            }
        }
        return out == null ? text : out.toString();
    }

    /** {@link #INVISIBLE} for one character (its {@code \\s} and {@code \\p{Cc}} are all of one code unit). */
    private static boolean isInvisible(char c) {
        return c <= '\u001F' || (c >= '\u007F' && c <= '\u009F') || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u200B' || c == '\uFEFF';
    }

    /**
     * Whether jsoup could make of the text anything but the same characters with whitespace collapsed: markup or
     * an entity, or a character its parser or {@code text()} treats specially (NUL, no-break space, soft hyphen,
     * zero-width space, byte-order mark, surrogates).
     */
    private static boolean needsParsing(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '<' || c == '&' || c == '\0' || c == '\u00A0' || c == '\u00AD' || c == '\u200B' || c == '\uFEFF'
                    || Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static String textOf(String html) {
        String simple = SimpleHtml.text(html);
        return simple != null ? simple : jsoupText(html);
    }

    /** jsoup's reading: parsed as a body fragment, cleaned to {@link #TEXT_ONLY}, the text of what is left. */
    static String jsoupText(String html) {
        Document dirty = Jsoup.parseBodyFragment(html);
        Document clean = new Cleaner(TEXT_ONLY).clean(dirty);
        return clean.body().text();
    }

    /** The first {@code count} sentences of a plain text, or null for null. */
    static String firstSentences(String text, int count) {
        if (text == null) {
            return null;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        int end = 0;
        for (int i = 0; i < count; i++) {
            int next = sentences.next();
            if (next == BreakIterator.DONE) {
                break;
            }
            end = next;
        }
        String picked = text.substring(0, end == 0 ? text.length() : end).strip();
        return picked.length() > 600 ? picked.substring(0, 599).strip() + "…" : picked;
    }
}
