package app.recap.edition;

import java.util.List;

import app.recap.subscriber.DigestLength;

/**
 * Everything a digest template shows, for one audience combination. Personal values (links, name) are
 * placeholders here; the sender splices each subscriber's own values into the rendered text.
 *
 * @param lang     the list's language, for the HTML {@code lang} attribute
 * @param sections     the lead section first, then the subscriber's audiences in their order; each story appears
 *                     once in the whole digest
 * @param openPixelUrl the open pixel's address, or null when the list does not count opens (the default)
 * @param readingMinutes about how long the email takes to read, at {@link DigestRenderer#WORDS_PER_MINUTE}
 * @param topics         the reader's topics as the footer names them, or null for every topic
 * @param length         the length this email was cut to
 * @param editorNote     the editor's note for this edition, {@code present()} false when there is none
 */
public record DigestView(String lang, String listName, String listSlug, String weekLabel, String isoWeek,
        String subject, String preheader, List<Section> sections, String senderName, String postalAddress,
        Personal personal, String openPixelUrl, int readingMinutes, String topics, DigestLength length, EditorNote editorNote) {

    /**
     * One part of the digest: the lead section "This week's top stories" ({@code lead} true, slug
     * {@link EditionSnapshot#LEAD_SLUG}) or one audience's section.
     *
     * @param audienceId   the audience whose section this is; null for the lead section
     * @param audienceName the heading; for the lead section the renderer words it in the list's language
     * @param full         how many of the first stories show in full; the rest are compact (title, source, one line)
     */
    public record Section(String audienceSlug, Long audienceId, String audienceName, List<StoryView> stories,
            boolean lead, int full) {

        /** A section whose stories all show in full. */
        public Section(String audienceSlug, Long audienceId, String audienceName, List<StoryView> stories,
                boolean lead) {
            this(audienceSlug, audienceId, audienceName, stories, lead, stories.size());
        }

        Section withHeading(String heading) {
            return new Section(audienceSlug, audienceId, heading, stories, lead, full);
        }

        Section withStories(List<StoryView> linked) {
            return new Section(audienceSlug, audienceId, audienceName, List.copyOf(linked), lead, full);
        }

        Section cut(int count, int fullCount) {
            return new Section(audienceSlug, audienceId, audienceName, List.copyOf(stories.subList(0, count)), lead,
                    Math.min(count, fullCount));
        }

        /** Whether the story at this position shows compact. */
        public boolean compact(int index) {
            return index >= full;
        }

        /** The section's first story: the headline "In this issue" names. */
        public StoryView headline() {
            return stories.get(0);
        }
    }

    /**
     * One story as the email shows it. Optional parts are null when absent.
     *
     * @param url  the story's own address
     * @param link where the email's story links point: {@code url} itself, or a click-counting link to it
     */
    public record StoryView(long id, String title, String url, String link, String source, List<String> alsoIn,
            String whatChanged, String whyItMatters, String whatToDoNext, List<String> takeaways,
            String publishedLabel) {

        StoryView withLink(String href) {
            return new StoryView(id, title, url, href, source, alsoIn, whatChanged, whyItMatters, whatToDoNext,
                    takeaways, publishedLabel);
        }

        public String alsoInText() {
            return String.join(", ", alsoIn);
        }

        /** The one line a compact story shows: what changed, or else why it matters; null when it has neither. */
        public String oneLine() {
            return whatChanged != null ? whatChanged : whyItMatters;
        }
    }

    /**
     * Per-subscriber values, as placeholders or (in previews and the archive) as real values.
     *
     * @param archiveUrl where "view in browser" leads: the reader's own edition (a signed link), or null for the
     *                   public archive copy
     */
    public record Personal(String greetingName, String unsubscribeUrl, String preferencesUrl, String archiveUrl) {
    }

    public int storyCount() {
        return sections.stream().mapToInt(s -> s.stories().size()).sum();
    }
}
