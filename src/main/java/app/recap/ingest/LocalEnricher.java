package app.recap.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    /** Stands for a blank keyword, which matches nothing. */
    private static final Pattern NOTHING = Pattern.compile("(?!)");
    /** More keywords than any catalogue has; a bound so edits to the lexicons cannot grow the cache forever. */
    private static final int MAX_CACHED_WORDS = 10_000;

    private final IngestProperties properties;
    /** Each keyword's pattern, compiled once rather than for every item it is matched against. */
    private final Map<String, Pattern> words = new ConcurrentHashMap<>();

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

    private boolean containsWord(String text, String keyword) {
        Pattern word = words.get(keyword);
        if (word == null) {
            String k = keyword.toLowerCase(Locale.ROOT).strip();
            word = k.isEmpty() ? NOTHING
                    : Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(k) + "(?![\\p{L}\\p{N}])");
            if (words.size() >= MAX_CACHED_WORDS) {
                words.clear();
            }
            words.put(keyword, word);
        }
        return word != NOTHING && word.matcher(text).find();
    }
}
