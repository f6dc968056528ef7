package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import app.recap.audience.Audience;
import app.recap.story.AudienceWeight;

class LocalEnricherTests {

    private static final Audience DEVELOPERS = new Audience(1, "developers", "Developers", "People who build software",
            List.of("api", "sdk", "release notes"));
    private static final Audience SECURITY = new Audience(2, "security", "Security Teams", "People who defend systems",
            List.of("vulnerability", "patch", "cve", "exploit"));
    private static final Audience FINANCE = new Audience(3, "finance", "Finance", "People who count money",
            List.of("budget", "invoice"));
    private static final List<Audience> CATALOGUE = List.of(DEVELOPERS, SECURITY, FINANCE);

    private final LocalEnricher enricher = new LocalEnricher(new IngestProperties("UA", Duration.ofSeconds(1),
            Duration.ofSeconds(1), DataSize.ofMegabytes(10), 5, 2, 0.5, List.of(), "-", 1, Duration.ofHours(1),
            Duration.ofHours(24), 500, 500));

    @Test
    void keywordsMatchWholeWordsOnly() {
        LocalEnricher.LocalEnrichment result = enricher.enrich("Rapid growth in capital markets",
                "Therapists patched together a budgetary plan.", CATALOGUE);

        assertThat(result.audiences()).isEmpty();
    }

    @Test
    void keywordsMatchRegardlessOfCaseAndPunctuation() {
        LocalEnricher.LocalEnrichment result = enricher.enrich("New API!", "(SDK) docs updated.", CATALOGUE);

        assertThat(result.audiences()).extracting(AudienceWeight::audienceDisplayName).containsExactly("Developers");
    }

    @Test
    void multiWordKeywordsMatchAsPhrase() {
        assertThat(enricher.enrich("Read the release notes", null, CATALOGUE).audiences())
                .extracting(AudienceWeight::audienceDisplayName).containsExactly("Developers");
        assertThat(enricher.enrich("Release dates and notes", null, CATALOGUE).audiences()).isEmpty();
    }

    @Test
    void moreKeywordHitsGiveAHigherWeight() {
        double one = weightOf(enricher.enrich("A patch is out", null, CATALOGUE), "Security Teams");
        double two = weightOf(enricher.enrich("A patch for a CVE is out", null, CATALOGUE), "Security Teams");
        double three = weightOf(enricher.enrich("A patch for a CVE with a public exploit", null, CATALOGUE),
                "Security Teams");
        double four = weightOf(enricher.enrich("Exploit of a CVE vulnerability: patch now", null, CATALOGUE),
                "Security Teams");

        assertThat(one).isLessThan(two);
        assertThat(two).isLessThan(three);
        assertThat(three).isLessThan(four);
        assertThat(one).isCloseTo(0.4, within(1e-9));
        assertThat(four).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void repeatedKeywordCountsOnce() {
        double once = weightOf(enricher.enrich("Patch", null, CATALOGUE), "Security Teams");
        double repeated = weightOf(enricher.enrich("Patch patch patch", "Another patch.", CATALOGUE), "Security Teams");

        assertThat(repeated).isEqualTo(once);
    }

    @Test
    void resultsAreSortedByWeightDescending() {
        // Finance first in the catalogue with one hit, Developers two hits, Security three hits
        List<Audience> catalogue = List.of(FINANCE, DEVELOPERS, SECURITY);

        LocalEnricher.LocalEnrichment result = enricher.enrich("Budget API and SDK changes",
                "A patch fixes a CVE that had a public exploit.", catalogue);

        assertThat(result.audiences()).extracting(AudienceWeight::audienceDisplayName)
                .containsExactly("Security Teams", "Developers", "Finance");
        assertThat(result.audiences()).extracting(AudienceWeight::weight)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void tldrIsTheFirstTwoSentencesOfTheDescription() {
        LocalEnricher.LocalEnrichment result = enricher.enrich("Council budget",
                "The council approved the budget. Spending rises by four percent. Taxes stay flat. More next week.",
                CATALOGUE);

        assertThat(result.tldr().whatChanged())
                .isEqualTo("The council approved the budget. Spending rises by four percent.");
        assertThat(result.tldr().whyItMatters()).isNull();
        assertThat(result.tldr().whatToDoNext()).isNull();
    }

    @Test
    void keywordsInTheDescriptionCount() {
        LocalEnricher.LocalEnrichment result = enricher.enrich("Quarterly update", "The invoice format changes.",
                CATALOGUE);

        assertThat(result.audiences()).extracting(AudienceWeight::audienceDisplayName).containsExactly("Finance");
    }

    @Test
    void noMatchGivesAnEmptyAudienceListAndNullDescriptionGivesNoTldr() {
        LocalEnricher.LocalEnrichment result = enricher.enrich("Weather turns mild", null, CATALOGUE);

        assertThat(result.audiences()).isEmpty();
        assertThat(result.tldr().whatChanged()).isNull();
    }

    @Test
    void emptyCatalogueMatchesNothing() {
        assertThat(enricher.enrich("API patch budget", "Everything.", List.of()).audiences()).isEmpty();
    }

    private static double weightOf(LocalEnricher.LocalEnrichment enrichment, String displayName) {
        return enrichment.audiences().stream().filter(a -> a.audienceDisplayName().equals(displayName))
                .mapToDouble(AudienceWeight::weight).findFirst()
                .orElseThrow(() -> new AssertionError(displayName + " not matched in " + enrichment.audiences()));
    }
}
