package app.recap.edition;

import java.util.List;

/**
 * Everything a digest template shows, for one audience combination. Personal values (links, name) are
 * placeholders here; the sender splices each subscriber's own values into the rendered text.
 *
 * @param lang     the list's language, for the HTML {@code lang} attribute
 * @param sections the lead section first, then the subscriber's audiences in their order; each story appears
 *                 once in the whole digest
 */
public record DigestView(String lang, String listName, String listSlug, String weekLabel, String isoWeek,
        String subject, String preheader, List<Section> sections, String senderName, String postalAddress,
        Personal personal) {

    /**
     * One part of the digest: the lead section "This week's top stories" ({@code lead} true, slug
     * {@link EditionSnapshot#LEAD_SLUG}) or one audience's section.
     *
     * @param audienceName the heading; for the lead section the renderer words it in the list's language
     */
    public record Section(String audienceSlug, String audienceName, List<StoryView> stories, boolean lead) {

        Section withHeading(String heading) {
            return new Section(audienceSlug, heading, stories, lead);
        }
    }

    /** One story as the email shows it. Optional parts are null when absent. */
    public record StoryView(long id, String title, String url, String source, List<String> alsoIn,
            String whatChanged, String whyItMatters, String whatToDoNext, List<String> takeaways,
            String publishedLabel) {

        public String alsoInText() {
            return String.join(", ", alsoIn);
        }
    }

    /** Per-subscriber values, as placeholders or (in previews and the archive) as real values. */
    public record Personal(String greetingName, String unsubscribeUrl, String preferencesUrl, String archiveUrl) {
    }

    public int storyCount() {
        return sections.stream().mapToInt(s -> s.stories().size()).sum();
    }
}
