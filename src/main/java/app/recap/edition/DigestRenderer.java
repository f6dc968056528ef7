package app.recap.edition;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import app.recap.RecapProperties;

/**
 * Renders a digest with the Thymeleaf templates {@code email/digest.html} and {@code email/digest.txt} from the
 * same view. Renders once per audience combination: personal values are placeholders the sender replaces.
 */
@Component
public class DigestRenderer {

    /** What the templates receive instead of each subscriber's own values. */
    public static final DigestView.Personal PLACEHOLDERS = new DigestView.Personal("{{recap:name}}",
            "{{recap:unsubscribe}}", "{{recap:preferences}}", null);

    static final int TEXT_WIDTH = 78;
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

    /**
     * @param links where story links point (and the open pixel, if any); {@link StoryLinks#DIRECT} for copies that
     *              must not count clicks
     */
    public RenderedDigest render(EditionSnapshot snapshot, List<Long> audienceIds, DigestView.Personal personal,
            StoryLinks links) {
        List<DigestView.Section> sections = snapshot.sectionsFor(audienceIds);
        if (links != StoryLinks.DIRECT) {
            sections = sections.stream().map(s -> s.withStories(
                    s.stories().stream().map(story -> story.withLink(links.href(s, story))).toList())).toList();
        }
        DigestView view = view(snapshot, sections, personal, links.openPixel());
        Context context = new Context(snapshot.locale());
        context.setVariable("digest", view);
        String html = foldLongLines(templates.process("email/digest", context), HTML_MAX_LINE);
        // template loops leave runs of blank lines; one blank line separates blocks
        String rawText = templates.process("email/digest.txt", context).strip().replaceAll("\n{3,}", "\n\n");
        String text = PlainTextWrapper.wrap(rawText + "\n", TEXT_WIDTH);
        return new RenderedDigest(view.subject(), html, text, view.storyCount());
    }

    private DigestView view(EditionSnapshot snapshot, List<DigestView.Section> sections, DigestView.Personal personal,
            String openPixelUrl) {
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
        String archiveUrl = recap.link("/archive/" + list.slug() + "/" + week);
        var withArchive = new DigestView.Personal(personal.greetingName(), personal.unsubscribeUrl(),
                personal.preferencesUrl(), archiveUrl);
        return new DigestView(locale.getLanguage(), list.name(), list.slug(), weekLabel, week.toString(), subject,
                preheader, worded, list.senderName(), list.postalAddress(), withArchive, openPixelUrl,
                EditorNote.of(steering.noteMarkdown()));
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
