package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import app.recap.audience.Audience;
import app.recap.ingest.StoryCleaner.Cleaned;
import app.recap.ingest.StoryCleaner.RawAudience;
import app.recap.ingest.StoryCleaner.RawStory;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.Tldr;

class StoryCleanerTests {

    private static final Instant COLLECTED = Instant.parse("2026-11-26T12:00:00Z");
    private static final Instant PUBLISHED = Instant.parse("2026-11-25T08:30:00Z");
    private static final String BASE = "https://news.example/feeds/main.xml";
    private static final List<Audience> CATALOGUE = List.of(
            new Audience(1, "security", "Security", "", List.of("vulnerability", "patch")),
            new Audience(2, "developers", "Developers", "", List.of("sdk")));

    private final StoryCleaner cleaner = new StoryCleaner(new LocalEnricher(properties()), properties());

    @Test
    void aPlainFeedItemBecomesACleanLocallyEnrichedStory() {
        Cleaned cleaned = clean(plain("/stories/42?utm_source=feed", "<b>Acme</b> ships a patch for a vulnerability",
                "<p>Acme fixed the bug.</p><script>alert(1)</script><p>Update now. More follows later.</p>",
                "  Alpha   News ", PUBLISHED));

        assertThat(cleaned.problem()).isNull();
        assertThat(cleaned.dateEstimated()).isFalse();
        IncomingStory story = cleaned.story();
        assertThat(story.url()).isEqualTo("https://news.example/stories/42");
        assertThat(story.title()).isEqualTo("Acme ships a patch for a vulnerability");
        assertThat(story.summary()).isEqualTo("Acme fixed the bug. Update now. More follows later.");
        assertThat(story.sourceName()).isEqualTo("Alpha News");
        assertThat(story.feedId()).isEqualTo(9L);
        assertThat(story.publishedAt()).isEqualTo(PUBLISHED);
        assertThat(story.tldr()).isEqualTo(new Tldr("Acme fixed the bug. Update now.", null, null));
        assertThat(story.audiences()).singleElement().satisfies(a -> {
            assertThat(a.audienceDisplayName()).isEqualTo("Security");
            assertThat(a.weight()).as("two keywords").isCloseTo(0.6, within(1e-9));
        });
        assertThat(story.takeaways()).isEmpty();
        assertThat(story.importance()).isEqualTo(0.5);
        assertThat(story.enrichedLocally()).isTrue();
    }

    @Test
    void aStoryWithoutAnHttpLinkIsRefusedAndTheGuidStandsInForAMissingLink() {
        assertThat(clean(plain(null, "Title", "Text", "Wire", PUBLISHED)).problem()).isEqualTo("no http(s) link");
        assertThat(clean(plain("javascript:alert(1)", "Title", "Text", "Wire", PUBLISHED)).story()).isNull();
        assertThat(clean(new RawStory(null, "https://news.example/guid/7", BASE, "Title", null, "Wire", 9L,
                PUBLISHED, null, null, null, null, null, null)).story().url()).isEqualTo("https://news.example/guid/7");
        assertThat(clean(new RawStory(null, "urn:uuid:1234", BASE, "Title", null, "Wire", 9L, PUBLISHED, null, null,
                null, null, null, null)).problem()).isEqualTo("no http(s) link");
    }

    @Test
    void aStoryNeedsATitleOrTextAndWithoutATitleTakesItsFirstSentence() {
        assertThat(clean(plain("/a", "  ", "<p> </p>", "Wire", PUBLISHED)))
                .isEqualTo(new Cleaned(null, "neither a title nor any text", false));
        assertThat(clean(plain("/a", null, "Acme ships Nova-3. It reads a million tokens.", "Wire", PUBLISHED))
                .story().title()).isEqualTo("Acme ships Nova-3.");
        assertThat(clean(plain("/a", "Only a title", null, "Wire", PUBLISHED)).story().summary()).isNull();
    }

    @Test
    void withoutASourceNameTheStoryIsCreditedToItsHost() {
        assertThat(clean(plain("https://Blog.Example:8443/post", "Title", "Text", null, PUBLISHED)).story()
                .sourceName()).isEqualTo("blog.example:8443");
        assertThat(clean(plain("https://blog.example/post", "Title", "Text", "<i></i>", PUBLISHED)).story()
                .sourceName()).isEqualTo("blog.example");
    }

    @Test
    void impossibleDatesAreDroppedAndMarkedEstimated() {
        Instant latest = COLLECTED.plus(StoryCleaner.LATEST_AHEAD);

        assertThat(published(null)).isNull();
        assertThat(published(Instant.EPOCH)).isNull();
        assertThat(published(StoryCleaner.EARLIEST_DATE.minusSeconds(1))).isNull();
        assertThat(published(StoryCleaner.EARLIEST_DATE)).isEqualTo(StoryCleaner.EARLIEST_DATE);
        assertThat(published(latest)).isEqualTo(latest);
        assertThat(published(latest.plusSeconds(1))).isNull();
        assertThat(clean(plain("/a", "Title", "Text", "Wire", Instant.EPOCH)).dateEstimated()).isTrue();
        assertThat(clean(plain("/a", "Title", "Text", "Wire", null)).dateEstimated()).isTrue();
    }

    @Test
    void anEnrichedStoryKeepsWhatTheAggregatorSaidCleanedAndBounded() {
        List<String> takeaways = new ArrayList<>(List.of("<b>First</b> point", " ", "Second point"));
        takeaways.add(null);
        for (int i = 3; i <= 12; i++) {
            takeaways.add("Point " + i);
        }
        Cleaned cleaned = clean(new RawStory("/stories/1", null, BASE, "Acme SDK 4", "Text about an sdk.", "Wire", 9L,
                PUBLISHED, "<p>What <i>changed</i></p>", "Why it matters", "<br>", takeaways, List.of(), 0.9));

        IncomingStory story = cleaned.story();
        assertThat(story.enrichedLocally()).isFalse();
        assertThat(story.tldr()).isEqualTo(new Tldr("What changed", "Why it matters", null));
        assertThat(story.takeaways()).hasSize(StoryCleaner.MAX_TAKEAWAYS)
                .startsWith("First point", "Second point", "Point 3").endsWith("Point 10");
        assertThat(story.audiences()).as("not guessed locally when the aggregator spoke").isEmpty();
        assertThat(story.importance()).isEqualTo(0.9);
    }

    @Test
    void aggregatorAudiencesAreCleanedClampedDeduplicatedAndBounded() {
        List<RawAudience> audiences = new ArrayList<>(List.of(new RawAudience("<b>Security</b> Teams", 1.5),
                new RawAudience("security teams", 0.2), new RawAudience("Developers", -0.5),
                new RawAudience("Researchers", null), new RawAudience("Broken", Double.NaN),
                new RawAudience("!!!", 0.5), new RawAudience(null, 0.5), new RawAudience("x".repeat(201), 0.5),
                new RawAudience("y".repeat(200), 0.7)));
        for (int i = 1; i <= 12; i++) {
            audiences.add(new RawAudience("Audience " + i, 0.3));
        }

        List<AudienceWeight> cleaned = clean(enriched(audiences, 0.5)).story().audiences();

        assertThat(cleaned).hasSize(StoryCleaner.MAX_AUDIENCES).startsWith(
                new AudienceWeight("Security Teams", 1.0), new AudienceWeight("Developers", 0.0),
                new AudienceWeight("Researchers", 1.0), new AudienceWeight("y".repeat(200), 0.7),
                new AudienceWeight("Audience 1", 0.3));
        assertThat(cleaned).last().isEqualTo(new AudienceWeight("Audience 8", 0.3));
    }

    @Test
    void importanceIsClampedAndDefaultsWhenMissing() {
        assertThat(clean(enriched(List.of(), 1.7)).story().importance()).isEqualTo(1.0);
        assertThat(clean(enriched(List.of(), -0.2)).story().importance()).isEqualTo(0.0);
        assertThat(clean(enriched(List.of(), Double.NaN)).story().importance()).isEqualTo(0.5);
        assertThat(clean(enriched(List.of(new RawAudience("Security", 0.9)), null)).story().importance())
                .isEqualTo(0.5);
    }

    @Test
    void anyOneAggregatorFieldMakesAStoryEnriched() {
        assertThat(raw(null, null, null, null, null, null).enriched()).isFalse();
        assertThat(raw(null, null, null, List.of(), List.of(), null).enriched()).isFalse();
        assertThat(raw("tldr", null, null, null, null, null).enriched()).isTrue();
        assertThat(raw(null, "why", null, null, null, null).enriched()).isTrue();
        assertThat(raw(null, null, "next", null, null, null).enriched()).isTrue();
        assertThat(raw(null, null, null, List.of("point"), null, null).enriched()).isTrue();
        assertThat(raw(null, null, null, null, List.of(new RawAudience("Security", 1.0)), null).enriched()).isTrue();
        assertThat(raw(null, null, null, null, null, 0.4).enriched()).isTrue();
        assertThat(clean(raw(null, null, "next", Collections.emptyList(), null, null)).story().enrichedLocally())
                .isFalse();
    }

    private Cleaned clean(RawStory raw) {
        return cleaner.clean(raw, COLLECTED, CATALOGUE);
    }

    private Instant published(Instant date) {
        return StoryCleaner.plausible(date, COLLECTED);
    }

    private static RawStory plain(String link, String title, String summaryHtml, String source, Instant published) {
        return new RawStory(link, null, BASE, title, summaryHtml, source, 9L, published, null, null, null, null, null,
                null);
    }

    private static RawStory enriched(List<RawAudience> audiences, Double importance) {
        return new RawStory("/stories/1", null, BASE, "Title", "Text", "Wire", 9L, PUBLISHED, "What changed", null,
                null, List.of(), audiences, importance);
    }

    private static RawStory raw(String tldr, String why, String next, List<String> takeaways,
            List<RawAudience> audiences, Double importance) {
        return new RawStory("/stories/1", null, BASE, "Title", "Text", "Wire", 9L, PUBLISHED, tldr, why, next,
                takeaways, audiences, importance);
    }

    private static IngestProperties properties() {
        return new IngestProperties("UA", Duration.ofSeconds(1), Duration.ofSeconds(1), DataSize.ofMegabytes(10), 5, 2,
                0.5, List.of(), "-", 1, Duration.ofHours(1), Duration.ofHours(24), 500, 500);
    }
}
