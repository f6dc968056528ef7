package app.recap.ingest;

import java.text.BreakIterator;
import java.util.Locale;

import org.jsoup.Jsoup;

/** Turns feed HTML into plain text and picks sentences from it. Feed HTML is untrusted and never kept. */
final class FeedText {

    private FeedText() {
    }

    /** Plain text of an HTML fragment, entities decoded, whitespace collapsed; null stays null. */
    static String plain(String html) {
        if (html == null) {
            return null;
        }
        String text = Jsoup.parse(html).text().strip();
        return text.isEmpty() ? null : text;
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
