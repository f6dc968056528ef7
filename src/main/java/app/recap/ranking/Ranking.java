package app.recap.ranking;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A week's ranking: the lead section every email opens with, and per audience the stories not in the lead,
 * each list in the order the email shows them.
 *
 * @param lead       every story relevant to any audience, best first; the first {@code lead-size} form the lead
 *                   section, the rest stay listed so every story's score can be explained
 * @param byAudience audience id to its ranked stories, lead-section stories left out
 */
public record Ranking(List<RankedStory> lead, Map<Long, List<RankedStory>> byAudience) {

    public Ranking {
        lead = List.copyOf(lead);
        byAudience = Collections.unmodifiableMap(new LinkedHashMap<>(byAudience));
    }
}
