package app.recap.ingest;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The text of the HTML most feed summaries carry (paragraphs, emphasis, lists, links, line breaks, the four common
 * entities), read without building a document: what {@link FeedText#jsoupText} gives for it (tested equal on random
 * fragments), at a fraction of the cost; jsoup's parse and clean were the largest part of cleaning. Anything outside
 * that small grammar, and any structure jsoup's tree builder would rearrange (a block inside an open paragraph, a
 * list item inside an open list item, a misnested or unclosed tag), gives null, and the caller uses jsoup.
 */
final class SimpleHtml {

    /** How a tag takes part in the text: jsoup's block flag, and its "format as block" flag. */
    private enum Kind {
        /** An inline element of the safelist: its text joins its neighbours'. */
        INLINE,
        /** An inline formatting element: as {@link #INLINE}, but one of its kind may not be opened within another. */
        FORMATTING,
        /** A block jsoup formats inline (p, h1-h6, li): a space before and after it. */
        BLOCK,
        /** A block jsoup formats as a block (div, ul, ol, blockquote). */
        BLOCK_FORMATTED,
        /** br: a space where it stands. */
        BREAK,
        /** a: not in the safelist, so the cleaner drops it and keeps its text where it was. */
        DROPPED
    }

    private static final Map<String, Kind> TAGS = Map.ofEntries(Map.entry("p", Kind.BLOCK),
            Map.entry("h1", Kind.BLOCK), Map.entry("h2", Kind.BLOCK), Map.entry("h3", Kind.BLOCK),
            Map.entry("h4", Kind.BLOCK), Map.entry("h5", Kind.BLOCK), Map.entry("h6", Kind.BLOCK),
            Map.entry("li", Kind.BLOCK), Map.entry("div", Kind.BLOCK_FORMATTED), Map.entry("ul", Kind.BLOCK_FORMATTED),
            Map.entry("ol", Kind.BLOCK_FORMATTED), Map.entry("blockquote", Kind.BLOCK_FORMATTED),
            Map.entry("span", Kind.INLINE), Map.entry("sub", Kind.INLINE), Map.entry("sup", Kind.INLINE),
            Map.entry("q", Kind.INLINE), Map.entry("cite", Kind.INLINE), Map.entry("abbr", Kind.INLINE),
            Map.entry("b", Kind.FORMATTING), Map.entry("strong", Kind.FORMATTING), Map.entry("i", Kind.FORMATTING),
            Map.entry("em", Kind.FORMATTING), Map.entry("u", Kind.FORMATTING), Map.entry("small", Kind.FORMATTING),
            Map.entry("code", Kind.FORMATTING), Map.entry("br", Kind.BREAK), Map.entry("a", Kind.DROPPED));

    private SimpleHtml() {
    }

    /** The text jsoup would give, or null when the fragment is not of the simple kind. */
    static String text(String html) {
        StringBuilder out = new StringBuilder(html.length());
        Deque<String> open = new ArrayDeque<>();
        // a block just closed: a space goes in if a text or a non-block element follows it within the same parent
        boolean afterBlock = false;
        int i = 0;
        int n = html.length();
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                int end = html.indexOf('>', i);
                if (end < 0) {
                    return null;
                }
                boolean closing = i + 1 < n && html.charAt(i + 1) == '/';
                int nameStart = closing ? i + 2 : i + 1;
                int nameEnd = nameStart;
                while (nameEnd < end && isNameChar(html.charAt(nameEnd))) {
                    nameEnd++;
                }
                String name = html.substring(nameStart, nameEnd);
                Kind kind = TAGS.get(name);
                if (kind == null) {
                    return null;
                }
                boolean selfClosing = !closing && end > nameEnd && html.charAt(end - 1) == '/';
                int attributesEnd = selfClosing ? end - 1 : end;
                if (closing ? nameEnd != end : !simpleAttributes(html, nameEnd, attributesEnd)) {
                    return null;
                }
                if (selfClosing && kind != Kind.BREAK) {
                    return null;
                }
                if (kind == Kind.BREAK) {
                    if (closing) {
                        return null;
                    }
                    afterBlock = false;
                    spaceUnlessAfterSpace(out);
                } else if (closing) {
                    if (open.isEmpty() || !open.peek().equals(name)) {
                        return null;
                    }
                    open.pop();
                    if (kind == Kind.BLOCK || kind == Kind.BLOCK_FORMATTED) {
                        afterBlock = true;
                    } else if (kind != Kind.DROPPED) {
                        // the inline element's parent continues: a block closed inside it has no next sibling
                        afterBlock = false;
                    }
                } else {
                    boolean block = kind == Kind.BLOCK || kind == Kind.BLOCK_FORMATTED;
                    if (block && (open.contains("p") || name.equals("li") && open.contains("li")
                            || name.charAt(0) == 'h' && hasHeading(open))) {
                        return null;
                    }
                    if ((kind == Kind.FORMATTING || kind == Kind.DROPPED) && open.contains(name)) {
                        return null;
                    }
                    if (kind != Kind.DROPPED) {
                        if (afterBlock && kind != Kind.BLOCK_FORMATTED) {
                            spaceUnlessAfterSpace(out);
                        }
                        afterBlock = false;
                        if (block) {
                            spaceUnlessAfterSpace(out);
                        }
                    }
                    open.push(name);
                }
                i = end + 1;
            } else {
                int next = html.indexOf('<', i);
                if (next < 0) {
                    next = n;
                }
                if (afterBlock) {
                    spaceUnlessAfterSpace(out);
                    afterBlock = false;
                }
                if (!appendText(out, html, i, next)) {
                    return null;
                }
                i = next;
            }
        }
        return open.isEmpty() ? out.toString().trim() : null;
    }

    private static boolean hasHeading(Deque<String> open) {
        for (String tag : open) {
            if (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6') {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }

    /** Nothing, or attributes each as {@code  name="value"} with a value free of markup and entities. */
    private static boolean simpleAttributes(String html, int from, int to) {
        int i = from;
        while (i < to) {
            if (html.charAt(i) != ' ') {
                return false;
            }
            while (i < to && html.charAt(i) == ' ') {
                i++;
            }
            if (i == to) {
                return true;
            }
            int nameStart = i;
            while (i < to && (html.charAt(i) >= 'a' && html.charAt(i) <= 'z' || html.charAt(i) == '-')) {
                i++;
            }
            if (i == nameStart || i + 1 >= to || html.charAt(i) != '=' || html.charAt(i + 1) != '"') {
                return false;
            }
            int close = html.indexOf('"', i + 2);
            if (close < 0 || close >= to) {
                return false;
            }
            for (int k = i + 2; k < close; k++) {
                char c = html.charAt(k);
                if (c == '<' || c == '&' || c == '>') {
                    return false;
                }
            }
            i = close + 1;
        }
        return true;
    }

    /**
     * A text run, entities decoded and whitespace collapsed as jsoup's {@code text()} does; false for a character or
     * entity outside the simple kind.
     */
    private static boolean appendText(StringBuilder out, String html, int from, int to) {
        boolean lastWhite = endsWithSpace(out);
        for (int i = from; i < to; i++) {
            char c = html.charAt(i);
            if (c == '&' && (i + 1 == to || isNotReference(html.charAt(i + 1)))) {
                // a bare ampersand before whitespace, another ampersand or a tag is text to an HTML parser
                c = '&';
            } else if (c == '&') {
                int semicolon = html.indexOf(';', i);
                if (semicolon < 0 || semicolon >= to) {
                    return false;
                }
                switch (html.substring(i + 1, semicolon)) {
                    case "amp" -> c = '&';
                    case "lt" -> c = '<';
                    case "gt" -> c = '>';
                    case "quot" -> c = '"';
                    default -> {
                        return false;
                    }
                }
                i = semicolon;
            } else if (c == '>' || c == '\0' || c == '\u00A0' || c == '\u00AD' || c == '\u200B' || c == '\uFEFF'
                    || Character.isSurrogate(c)) {
                return false;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
                if (!lastWhite) {
                    out.append(' ');
                    lastWhite = true;
                }
            } else {
                out.append(c);
                lastWhite = false;
            }
        }
        return true;
    }

    /** The characters that end a character reference before it starts (jsoup's and the HTML spec's). */
    private static boolean isNotReference(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '&' || c == '<';
    }

    private static void spaceUnlessAfterSpace(StringBuilder out) {
        if (out.length() > 0 && !endsWithSpace(out)) {
            out.append(' ');
        }
    }

    private static boolean endsWithSpace(StringBuilder out) {
        return out.length() > 0 && out.charAt(out.length() - 1) == ' ';
    }
}
