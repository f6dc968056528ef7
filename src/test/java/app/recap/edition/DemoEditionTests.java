package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.mail.BodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.preferences.SubscriberLinks;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.story.Tldr;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.support.DemoEditionTestBase;

/** The demo week as the demo profile builds it: ingested, ranked, rendered and written to the outbox. */
class DemoEditionTests extends DemoEditionTestBase {

    private static final Logger log = LoggerFactory.getLogger(DemoEditionTests.class);
    private static final int GMAIL_CLIP_BYTES = 102 * 1024;
    private static final String LEAD_HEADING = "This week's top stories";

    @Autowired ListRepository lists;
    @Autowired EditionRepository editions;
    @Autowired EditionSnapshots snapshots;
    @Autowired DigestRenderer renderer;
    @Autowired StoryRepository stories;
    @Autowired SubscriberLinks links;
    @Autowired WeeklyDigest weeklyDigest;
    @Autowired EditionBuilder builder;

    @Test
    void fullEditionOfTheLargestDemoCombinationStaysUnderGmailsClip() {
        NewsletterList list = lists.findBySlug(LIST).orElseThrow();
        Edition edition = editions.find(list.id(), IsoWeek.parse(WEEK)).orElseThrow();
        List<Long> everyAudience = lists.offeredAudienceIds(list.id());
        // real signed links, as long as a subscriber's
        var personal = new DigestView.Personal("Fatima Zahra Benali", links.unsubscribeUrl(1_000_000, list.id()),
                links.preferencesUrl(1_000_000, list.id()), null);

        RenderedDigest digest = renderer.render(snapshots.load(edition.id()), everyAudience, personal);

        Document doc = Jsoup.parse(digest.html());
        assertThat(everyAudience).hasSize(6);
        assertThat(doc.select("h2")).as("the lead section and six audience sections").hasSize(7);
        assertThat(doc.select("h2").first().text()).isEqualTo(LEAD_HEADING);
        assertThat(digest.storyCount()).isEqualTo(3 + 6 * 5);
        int bytes = digest.html().getBytes(StandardCharsets.UTF_8).length;
        log.info("largest demo combination: sections=7 stories={} htmlBytes={} textBytes={}", digest.storyCount(),
                bytes, digest.text().getBytes(StandardCharsets.UTF_8).length);
        assertThat(bytes).isLessThan(GMAIL_CLIP_BYTES);
    }

    @Test
    void everyOutboxFileStartsWithTheReturnPathOfItsOwnDelivery() throws Exception {
        List<String> returnPaths = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(DATA.resolve("outbox"))) {
            for (var file : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                try (var lines = java.nio.file.Files.lines(file, StandardCharsets.UTF_8)) {
                    returnPaths.add(lines.findFirst().orElseThrow());
                }
            }
        }
        assertThat(returnPaths).hasSize(28).doesNotHaveDuplicates()
                .allMatch(line -> line.matches("Return-Path: <bounces\\+[a-z2-7]{10,29}@[a-z0-9.-]+>"));
    }

    @Test
    void everyDemoMessageOpensWithTheLeadShowsEachStoryOnceAndWrapsItsText() throws Exception {
        List<MimeMessage> messages = outbox();

        assertThat(messages).hasSize(28);
        for (MimeMessage message : messages) {
            MimeMultipart parts = (MimeMultipart) message.getContent();
            String text = (String) part(parts, "text/plain").getContent();
            String html = (String) part(parts, "text/html").getContent();
            assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(GMAIL_CLIP_BYTES);
            Document doc = Jsoup.parse(html);
            assertThat(doc.select("h2").first().text()).isEqualTo(LEAD_HEADING);
            assertThat(doc.select("h3 a").eachAttr("href")).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
            for (String line : text.split("\r?\n")) {
                if (line.length() > 78) {
                    assertThat(line).as("only lines carrying a link may run long").contains("https://");
                }
            }
        }
    }

    @Test
    void demoDuplicatesBecomeOneStoryCitingTheOtherSources() {
        NewsletterList list = lists.findBySlug(LIST).orElseThrow();
        Edition edition = editions.find(list.id(), IsoWeek.parse(WEEK)).orElseThrow();
        Map<Long, List<String>> alsoIn = editions.alsoIn(edition.id());
        IsoWeek week = IsoWeek.parse(WEEK);
        List<Story> published = stories.findPublishedBetween(week.start(list.timeZone()), week.end(list.timeZone()));

        // 54 items of the week, three of them second copies: the same URL once, near-identical titles twice
        assertThat(edition.storyCount()).isEqualTo(51);
        assertThat(alsoIn.get(collected(published, alsoIn, "OpenForge releases Atlas-2")))
                .containsAnyOf("CloudWire AI", "LabNotes").hasSize(1);
        assertThat(alsoIn.get(collected(published, alsoIn, "Meridian Labs open-sources Halcyon")))
                .containsAnyOf("CloudWire AI", "LabNotes").hasSize(1);
        assertThat(alsoIn.get(collected(published, alsoIn, "EU AI Office publishes updated code")))
                .containsAnyOf("CloudWire AI", "PolicyWatch").hasSize(1);
        assertThat(alsoIn.get(collected(published, alsoIn, "Roundup: community guides for serving Atlas-2")))
                .as("a story about the same model is not the same news").isEmpty();
    }

    @Test
    void thinWeekIsNotSentAndTheEditionSaysWhy() throws Exception {
        NewsletterList list = lists.findBySlug(LIST).orElseThrow();
        int before = outbox().size();

        DigestRun thin = weeklyDigest.run(LIST, IsoWeek.parse("2026-W47"));
        DigestRun empty = weeklyDigest.run(LIST, IsoWeek.parse("2026-W40"));

        Edition thinEdition = editions.find(list.id(), IsoWeek.parse("2026-W47")).orElseThrow();
        assertThat(thin.editionStatus()).isEqualTo("SKIPPED");
        assertThat(thin.sent()).isZero();
        assertThat(thinEdition.note()).startsWith("thin week: 2 of 2 collected stories")
                .contains("fewer than the minimum of 5");
        assertThat(empty.editionStatus()).isEqualTo("SKIPPED");
        assertThat(editions.find(list.id(), IsoWeek.parse("2026-W40")).orElseThrow().note())
                .isEqualTo("no stories published that week");
        assertThat(outbox()).hasSize(before);
    }

    @Test
    void rankingSeesTheClustersCollectStoredNotTheWeekClusteredAgain() {
        NewsletterList list = lists.findBySlug(LIST).orElseThrow();
        IsoWeek week = IsoWeek.parse("2026-W44");
        Instant tuesday = week.start(list.timeZone()).plus(Duration.ofDays(1));
        String title = "Qubix ships a thousand-qubit processor to three national laboratories";
        long first = stories.save(story("https://one.example/qubix", title, "One Times", tuesday), tuesday).storyId();
        Edition collected = builder.collect(list, week);
        // the same news from a second source after collect: it joins the story at the next collect, not now
        stories.save(story("https://two.example/qubix-1000", title, "Two Post", tuesday.plusSeconds(3600)),
                tuesday.plusSeconds(3600));

        builder.rank(list, collected);

        assertThat(editions.lead(collected.id())).singleElement().satisfies(ranked -> {
            assertThat(ranked.storyId()).isEqualTo(first);
            assertThat(ranked.parts().coverage()).as("one source when collected").isZero();
        });

        builder.rank(list, builder.collect(list, week));

        assertThat(editions.lead(collected.id())).singleElement().satisfies(ranked -> {
            assertThat(ranked.storyId()).isEqualTo(first);
            assertThat(ranked.parts().coverage()).as("two sources once collected again").isEqualTo(0.5);
        });
        assertThat(editions.alsoIn(collected.id())).containsEntry(first, List.of("Two Post"));
    }

    private static IncomingStory story(String url, String title, String source, Instant published) {
        return new IncomingStory(url, title, "Qubix says the chip keeps error rates low enough for chemistry work.",
                source, null, published, new Tldr(null, null, null), List.of(),
                List.of(new AudienceWeight("Researchers & Academics", 0.9)), 0.7, false);
    }

    /** The id of the collected story (cluster lead) among the versions whose title starts so. */
    private static long collected(List<Story> published, Map<Long, List<String>> collected, String titleStart) {
        Optional<Long> id = published.stream().filter(s -> s.title().toLowerCase().startsWith(titleStart.toLowerCase()))
                .map(Story::id).filter(collected::containsKey).findFirst();
        assertThat(id).as("a collected story titled \"%s...\"", titleStart).isPresent();
        return id.get();
    }

    private static BodyPart part(MimeMultipart parts, String type) throws Exception {
        for (int i = 0; i < parts.getCount(); i++) {
            if (parts.getBodyPart(i).isMimeType(type)) {
                return parts.getBodyPart(i);
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
