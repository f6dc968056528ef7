package app.recap.edition;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import app.recap.RecapProperties;
import app.recap.subscriber.DigestLength;

/**
 * Renders a digest with the Thymeleaf templates {@code email/digest.html} and {@code email/digest.txt} from the
 * same view. Renders once per audience combination: personal values are placeholders the sender replaces.
 */
@Component
public class DigestRenderer {

    /** What the templates receive instead of each subscriber's own values. */
    public static final DigestView.Personal PLACEHOLDERS = new DigestView.Personal("{{recap:name}}",
            "{{recap:unsubscribe}}", "{{recap:preferences}}", "{{recap:view}}");

    /** The reading speed behind "about N minutes": a common figure for reading on screens. */
    public static final int WORDS_PER_MINUTE = 200;
    /** Stories shown in full at the top of each audience section; the rest show compact. */
    static final int FULL_PER_SECTION = 1;
    /** Stories shown in full at the top of the lead section. */
    static final int FULL_IN_LEAD = 2;
    /**
     * Full stories in one email at most, the earliest sections first: a reader of every topic has seven sections,
     * and seven full stories alone would fill some 4,000 px of a phone.
     */
    static final int MAX_FULL_STORIES = 5;

    /**
     * Whom a digest is for, as far as its content goes.
     *
     * @param audienceIds the reader's audiences in their order (for "every topic", every audience it stands for)
     * @param everyTopic  the reader chose no topics, which means every topic; the footer says so
     * @param length      how many stories, about
     */
    public record Reader(List<Long> audienceIds, boolean everyTopic, DigestLength length) {

        /** Every story of the given audiences, as the archive and previews show them. */
        public static Reader everything(List<Long> audienceIds) {
            return new Reader(audienceIds, true, DigestLength.FULL);
        }
    }

    static final int TEXT_WIDTH = 78;
    /** Two or more blank lines in a row (compiled once: it runs on every segment). */
    private static final Pattern BLANK_LINES = Pattern.compile("\n{3,}");
    /** SMTP allows 998 octets per line; 240 characters stay below it even if every one is a 4-byte emoji. */
    static final int HTML_MAX_LINE = 240;

    private final ITemplateEngine templates;
    private final MessageSource messages;
    private final RecapProperties recap;

    DigestRenderer(ITemplateEngine templates, MessageSource messages, RecapProperties recap) {
        this.templates = templates;
        this.messages = messages;
        this.recap = recap;
    }

    /**
     * @param audienceIds the subscriber's audiences in their order
     * @param personal    real values for previews, or {@link #PLACEHOLDERS} for sending
     */
    public RenderedDigest render(EditionSnapshot snapshot, List<Long> audienceIds, DigestView.Personal personal) {
        return render(snapshot, audienceIds, personal, StoryLinks.DIRECT);
    }

    /** Renders every story of these audiences (the archive, previews). */
    public RenderedDigest render(EditionSnapshot snapshot, List<Long> audienceIds, DigestView.Personal personal,
            StoryLinks links) {
        return render(snapshot, Reader.everything(audienceIds), personal, links);
    }

    /**
     * @param links where story links point (and the open pixel, if any); {@link StoryLinks#DIRECT} for copies that
     *              must not count clicks
     */
    public RenderedDigest render(EditionSnapshot snapshot, Reader reader, DigestView.Personal personal,
            StoryLinks links) {
        List<DigestView.Section> sections = cut(snapshot.sectionsFor(reader.audienceIds()), reader.length());
        if (links != StoryLinks.DIRECT) {
            sections = sections.stream().map(s -> s.withStories(
                    s.stories().stream().map(story -> story.withLink(links.href(s, story))).toList())).toList();
        }
        DigestView view = view(snapshot, sections, personal, links.openPixel(), topics(snapshot, reader),
                reader.length());
        Context context = new Context(snapshot.locale());
        context.setVariable("digest", view);
        String html = foldLongLines(templates.process("email/digest", context), HTML_MAX_LINE);
        // template loops leave runs of blank lines; one blank line separates blocks
        String rawText = BLANK_LINES.matcher(templates.process("email/digest.txt", context).strip())
                .replaceAll("\n\n");
        String text = PlainTextWrapper.wrap(rawText + "\n", TEXT_WIDTH);
        return new RenderedDigest(view.subject(), html, text, view.storyCount());
    }

    /**
     * Cuts the sections to about the length's number of stories: one story per section in turn, lead section first,
     * each taking its best-ranked ones, so every section keeps its top stories before any gets more. A section
     * left with no story is dropped. The first stories of each section show in full (at most
     * {@link #MAX_FULL_STORIES} in the email, earliest sections first), the rest compact.
     */
    static List<DigestView.Section> cut(List<DigestView.Section> sections, DigestLength length) {
        int[] take = new int[sections.size()];
        int left = length.stories();
        boolean more = true;
        while (left > 0 && more) {
            more = false;
            for (int i = 0; i < sections.size() && left > 0; i++) {
                if (take[i] < sections.get(i).stories().size()) {
                    take[i]++;
                    left--;
                    more = true;
                }
            }
        }
        List<DigestView.Section> cut = new ArrayList<>();
        int fullLeft = MAX_FULL_STORIES;
        for (int i = 0; i < sections.size(); i++) {
            DigestView.Section section = sections.get(i);
            if (take[i] > 0) {
                int full = Math.min(Math.min(take[i], section.lead() ? FULL_IN_LEAD : FULL_PER_SECTION), fullLeft);
                fullLeft -= full;
                cut.add(section.cut(take[i], full));
            }
        }
        return cut;
    }

    /** The reader's topics as the footer names them; null for every topic. */
    private static String topics(EditionSnapshot snapshot, Reader reader) {
        if (reader.everyTopic()) {
            return null;
        }
        return reader.audienceIds().stream().map(snapshot::audience).filter(java.util.Objects::nonNull)
                .map(a -> a.displayName()).collect(Collectors.joining(", "));
    }

    /** About how many minutes the email takes to read: every word it shows, at {@link #WORDS_PER_MINUTE}. */
    static int readingMinutes(List<DigestView.Section> sections) {
        int words = 0;
        for (DigestView.Section section : sections) {
            for (int i = 0; i < section.stories().size(); i++) {
                DigestView.StoryView story = section.stories().get(i);
                words += words(story.title());
                if (section.compact(i)) {
                    words += words(story.oneLine());
                } else {
                    words += words(story.whatChanged()) + words(story.whyItMatters()) + words(story.whatToDoNext());
                    for (String takeaway : story.takeaways()) {
                        words += words(takeaway);
                    }
                }
            }
        }
        return Math.max(1, (words + WORDS_PER_MINUTE - 1) / WORDS_PER_MINUTE);
    }

    private static int words(String text) {
        return text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
    }

    private DigestView view(EditionSnapshot snapshot, List<DigestView.Section> sections, DigestView.Personal personal,
            String openPixelUrl, String topics, DigestLength length) {
        var list = snapshot.list();
        Locale locale = list.locale();
        IsoWeek week = snapshot.edition().week();
        String weekLabel = weekLabel(week, locale);
        String leadHeading = messages.getMessage("digest.lead.heading", null, locale);
        List<DigestView.Section> worded = sections.stream().map(s -> s.lead() ? s.withHeading(leadHeading) : s)
                .toList();
        Steering steering = snapshot.steering();
        String subject = steering.hasSubject() ? steering.subject() : worded.isEmpty()
                ? messages.getMessage("digest.subject.empty", new Object[] {list.name(), weekLabel}, locale)
                : messages.getMessage("digest.subject",
                        new Object[] {list.name(), weekLabel, worded.get(0).stories().get(0).title()}, locale);
        String preheader = worded.stream().flatMap(s -> s.stories().stream()).limit(3)
                .map(DigestView.StoryView::title).reduce((a, b) -> a + " · " + b).orElse("");
        String archiveUrl = personal.archiveUrl() != null ? personal.archiveUrl()
                : recap.link("/archive/" + list.slug() + "/" + week);
        var withArchive = new DigestView.Personal(personal.greetingName(), personal.unsubscribeUrl(),
                personal.preferencesUrl(), archiveUrl);
        return new DigestView(locale.getLanguage(), list.name(), list.slug(), weekLabel, week.toString(), subject,
                preheader, worded, list.senderName(), list.postalAddress(), withArchive, openPixelUrl,
                readingMinutes(worded), topics, length, EditorNote.of(steering.noteMarkdown()));
    }

    /** "23–29 November 2026", "30 November – 6 December 2026", in the list's language (bundle patterns). */
    String weekLabel(IsoWeek week, Locale locale) {
        var monday = week.monday();
        var sunday = week.sunday();
        DateTimeFormatter full = pattern("digest.date.full", locale);
        String start;
        if (monday.getYear() != sunday.getYear()) {
            start = full.format(monday);
        } else if (monday.getMonth() != sunday.getMonth()) {
            start = pattern("digest.date.dayMonth", locale).format(monday);
        } else {
            start = pattern("digest.date.day", locale).format(monday);
        }
        String key = monday.getMonth() == sunday.getMonth() ? "digest.week.range.sameMonth" : "digest.week.range";
        return messages.getMessage(key, new Object[] {start, full.format(sunday)}, locale);
    }

    private DateTimeFormatter pattern(String key, Locale locale) {
        return DateTimeFormatter.ofPattern(messages.getMessage(key, null, locale), locale);
    }

    /** Breaks lines longer than {@code max} at a space, where a newline means the same in HTML. */
    static String foldLongLines(String html, int max) {
        StringBuilder out = new StringBuilder(html.length() + 64);
        for (String line : html.split("\n", -1)) {
            String rest = line;
            while (rest.length() > max) {
                int cut = rest.lastIndexOf(' ', max);
                if (cut <= 0) {
                    cut = rest.indexOf(' ', max);
                    if (cut < 0) {
                        break;
                    }
                }
                out.append(rest, 0, cut).append('\n');
                rest = rest.substring(cut + 1);
            }
            out.append(rest).append('\n');
        }
        out.setLength(out.length() - 1);
        return out.toString();
    }
}
