package app.recap.ingest;

import java.time.Duration;
import java.util.List;

import org.springframework.util.unit.DataSize;

import app.recap.audience.Audience;
import app.recap.story.AudienceWeight;

/** The ingest module's keyword lexicon as a plain item gets it, for the enrichment evaluation to compare with. */
public final class KeywordLexicon {

    private static final LocalEnricher ENRICHER = new LocalEnricher(new IngestProperties("test", Duration.ofSeconds(1),
            Duration.ofSeconds(1), DataSize.ofMegabytes(1), 0, 2, 0.5, List.of(), "-", 1, Duration.ofHours(1),
            Duration.ofHours(1), 1, 1));

    private KeywordLexicon() {
    }

    /** The audiences the lexicon gives an item with this title and plain-text description, strongest first. */
    public static List<AudienceWeight> audiences(String title, String description, List<Audience> catalogue) {
        return ENRICHER.enrich(title, description, catalogue).audiences();
    }
}
