package app.recap.ranking;

import java.util.List;

/**
 * What one audience's readers were shown in their section over recent editions and what they clicked: the evidence
 * the engagement part of the score learns from. Clicks are reader clicks only (machine clicks left out).
 *
 * @param shown one entry per story shown in the audience's section of one edition
 */
public record AudienceReading(long audienceId, List<Shown> shown) {

    public AudienceReading {
        shown = List.copyOf(shown);
    }

    /**
     * @param impressions messages that showed the story in the section
     * @param clicks      reader clicks on it there
     */
    public record Shown(String source, String title, long impressions, long clicks) {
    }
}
