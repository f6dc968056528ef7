package app.recap.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import app.recap.audience.Audience;
import app.recap.story.AudienceWeight;
import app.recap.story.Tldr;

/**
 * Enriches an item that arrived without the extension: audiences from each audience's keyword lexicon, TL;DR
 * from the first sentences of the description.
 */
@Component
class LocalEnricher {

    /** The local guess at what the aggregator would have said. */
    record LocalEnrichment(Tldr tldr, List<AudienceWeight> audiences) {
    }

    private final IngestProperties properties;

    LocalEnricher(IngestProperties properties) {
        this.properties = properties;
    }

    /** @param catalogue the audiences to match against, loaded once per feed by the caller */
    LocalEnrichment enrich(String title, String plainDescription, List<Audience> catalogue) {
        String text = (title + " " + (plainDescription == null ? "" : plainDescription)).toLowerCase(Locale.ROOT);
        List<AudienceWeight> matched = new ArrayList<>();
        for (Audience audience : catalogue) {
            long hits = audience.keywords().stream().filter(k -> containsWord(text, k)).count();
            if (hits > 0) {
                // one keyword is a hint, three or more a strong signal
                matched.add(new AudienceWeight(audience.displayName(), Math.min(1.0, 0.4 + 0.2 * (hits - 1))));
            }
        }
        matched.sort((a, b) -> Double.compare(b.weight(), a.weight()));
        String tldr = FeedText.firstSentences(plainDescription, properties.summarySentences());
        return new LocalEnrichment(new Tldr(tldr, null, null), matched);
    }

    private static boolean containsWord(String text, String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT).strip();
        return !k.isEmpty() && Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(k) + "(?![\\p{L}\\p{N}])")
                .matcher(text).find();
    }
}
