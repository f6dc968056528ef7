package app.recap.edition;

import static app.recap.edition.DigestFixtures.DEVELOPERS;
import static app.recap.edition.DigestFixtures.POLICY;
import static app.recap.edition.DigestFixtures.RESEARCH;
import static app.recap.edition.DigestFixtures.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import app.recap.edition.DigestFixtures.EditionFixture;
import app.recap.subscriber.DigestLength;

/** The reader's length, compact stories, "In this issue" and the footer that names the reader's topics. */
class DigestLengthTests {

    private static final DigestView.Personal ADA = new DigestView.Personal("Ada", "https://recap.example/u/token-u",
            "https://recap.example/p/token-p", "https://recap.example/v/token-v/2026-W48");
    private static final List<Long> ALL = List.of(SECURITY.id(), DEVELOPERS.id(), RESEARCH.id(), POLICY.id());

    private final DigestRenderer renderer = DigestFixtures.renderer();

    @Test
    void eachLengthTakesStoriesFromEverySectionInTurnBestFirst() {
        EditionSnapshot snapshot = bigEdition();

        assertThat(titlesBySection(render(snapshot, DigestLength.BRIEF))).containsExactly(
                List.of(1L), List.of(10L), List.of(20L), List.of(30L), List.of(40L));
        assertThat(titlesBySection(render(snapshot, DigestLength.STANDARD))).containsExactly(
                List.of(1L, 2L), List.of(10L, 11L), List.of(20L, 21L), List.of(30L, 31L), List.of(40L, 41L));
        RenderedDigest full = render(snapshot, DigestLength.FULL);
        assertThat(full.storyCount()).isEqualTo(snapshot.sectionsFor(ALL).stream()
                .mapToInt(s -> s.stories().size()).sum());
        assertThat(render(snapshot, DigestLength.STANDARD).storyCount()).isEqualTo(10);
        assertThat(render(snapshot, DigestLength.BRIEF).storyCount()).isEqualTo(5);
    }

    @Test
    void storiesPastEachSectionsFirstShowCompactInHtmlAndText() {
        RenderedDigest digest = render(bigEdition(), DigestLength.FULL);
        Document doc = Jsoup.parse(digest.html());

        // a full story has the three-part TL;DR and a "Read the full story" link; a compact one only its one line;
        // the first of each section is full, at most MAX_FULL_STORIES in the email
        int fullLeft = DigestRenderer.MAX_FULL_STORIES;
        for (Element section : doc.select("h2[id]")) {
            List<Element> rows = storiesAfter(section);
            int full = Math.min(fullLeft, section.id().equals(EditionSnapshot.LEAD_SLUG) ? DigestRenderer.FULL_IN_LEAD
                    : DigestRenderer.FULL_PER_SECTION);
            fullLeft -= full;
            for (int i = 0; i < rows.size(); i++) {
                String text = rows.get(i).text();
                if (i < full) {
                    assertThat(text).as("%s story %d shows in full", section.id(), i).contains("Why it matters:")
                            .contains("Read the full story at");
                } else {
                    assertThat(text).as("%s story %d is compact", section.id(), i).doesNotContain("Why it matters:")
                            .doesNotContain("Read the full story at").contains("frobnicates");
                }
            }
        }
        long fullInText = digest.text().lines().filter(l -> l.contains("Why it matters:")).count();
        long fullInHtml = doc.select("p:contains(Why it matters:)").size();
        assertThat(fullInText).isEqualTo(fullInHtml).isEqualTo(DigestRenderer.MAX_FULL_STORIES);
    }

    @Test
    void inThisIssueListsEachSectionsHeadlineWithItsAnchorAndAReadingTime() {
        RenderedDigest digest = render(bigEdition(), DigestLength.STANDARD);
        Document doc = Jsoup.parse(digest.html());

        List<Element> entries = doc.select("a[href^=#]");
        List<Element> headings = doc.select("h2[id]");
        assertThat(entries).hasSameSizeAs(headings);
        for (int i = 0; i < entries.size(); i++) {
            Element heading = headings.get(i);
            assertThat(entries.get(i).attr("href")).isEqualTo("#" + heading.id());
            String headline = storiesAfter(heading).get(0).selectFirst("h3").text();
            assertThat(entries.get(i).text()).isEqualTo(heading.text() + " " + headline);
            assertThat(digest.text()).contains("- " + heading.text() + ": " + headline);
        }
        int minutes = DigestRenderer.readingMinutes(DigestRenderer.cut(bigEdition().sectionsFor(ALL),
                DigestLength.STANDARD));
        assertThat(minutes).isPositive();
        assertThat(doc.text()).contains("In this issue 10 stories · about " + minutes + " min to read");
        assertThat(digest.text()).contains("In this issue (10 stories · about " + minutes + " min to read)");
    }

    @Test
    void readingTimeCountsEveryWordShownAtTwoHundredAMinute() {
        var story = new DigestView.StoryView(1, "one two", "u", "u", "s", List.of(), "w ".repeat(300), "x ".repeat(99),
                null, List.of(), null);
        var compact = new DigestView.StoryView(2, "three", "u", "u", "s", List.of(), "y ".repeat(98), "z ".repeat(500),
                null, List.of(), null);
        var section = new DigestView.Section("s", 1L, "S", List.of(story, compact), false, 1);

        // 2 + 300 + 99 for the full story, 1 + 98 for the compact one (its one line only): 500 words
        assertThat(DigestRenderer.readingMinutes(List.of(section))).isEqualTo(3);
    }

    @Test
    void footerNamesTheReadersTopicsOrEveryTopicAndLinksStraightToChangingThem() {
        EditionSnapshot snapshot = bigEdition();
        RenderedDigest chosen = renderer.render(snapshot, new DigestRenderer.Reader(
                List.of(DEVELOPERS.id(), SECURITY.id()), false, DigestLength.BRIEF), ADA, StoryLinks.DIRECT);
        RenderedDigest every = renderer.render(snapshot, new DigestRenderer.Reader(ALL, true, DigestLength.STANDARD),
                ADA, StoryLinks.DIRECT);

        Document doc = Jsoup.parse(chosen.html());
        assertThat(doc.text()).contains("Your topics: Developer Dispatch, Security Sentinels. Length: brief.");
        assertThat(chosen.text()).contains("Your topics: Developer Dispatch, Security Sentinels. Length: brief.");
        assertThat(doc.select("a:contains(Change your topics or length)").attr("href"))
                .isEqualTo("https://recap.example/p/token-p#topics");
        assertThat(Jsoup.parse(every.html()).text()).contains("You get every topic. Length: standard.");
        assertThat(doc.select("a:contains(View this edition in your browser)").attr("href"))
                .isEqualTo(ADA.archiveUrl());
    }

    @Test
    void germanListSaysItInGerman() {
        EditionSnapshot snapshot = new EditionFixture(Locale.GERMAN).lead(1L, 2L, 3L).section(SECURITY, 10L, 11L, 12L)
                .snapshot();
        RenderedDigest digest = renderer.render(snapshot, new DigestRenderer.Reader(List.of(SECURITY.id()), false,
                DigestLength.BRIEF), ADA, StoryLinks.DIRECT);

        assertThat(Jsoup.parse(digest.html()).text()).contains("In dieser Ausgabe 5 Meldungen · etwa 1 Min. Lesezeit")
                .contains("Ihre Themen: Security Sentinels. Länge: kurz.").contains("Themen oder Länge ändern");
    }

    private RenderedDigest render(EditionSnapshot snapshot, DigestLength length) {
        return renderer.render(snapshot, new DigestRenderer.Reader(ALL, true, length), ADA, StoryLinks.DIRECT);
    }

    /** The lead with five stories, four audience sections of five: more than any length but full shows. */
    private static EditionSnapshot bigEdition() {
        return new EditionFixture(Locale.ENGLISH).layout(5, 5, 1).lead(1L, 2L, 3L, 4L, 5L)
                .section(SECURITY, 10L, 11L, 12L, 13L, 14L).section(DEVELOPERS, 20L, 21L, 22L, 23L, 24L)
                .section(RESEARCH, 30L, 31L, 32L, 33L, 34L).section(POLICY, 40L, 41L, 42L, 43L, 44L).snapshot();
    }

    /** Story ids per section, in order, read from the titles' links ("https://.../story-ID"). */
    private static List<List<Long>> titlesBySection(RenderedDigest digest) {
        Document doc = Jsoup.parse(digest.html());
        return doc.select("h2[id]").stream().map(h -> storiesAfter(h).stream()
                .map(row -> id(row.selectFirst("h3 a").attr("href"))).toList()).toList();
    }

    /** The story rows (table rows holding an h3) between a section heading's row and the next section's. */
    private static List<Element> storiesAfter(Element heading) {
        Element row = heading.closest("tr").nextElementSibling();
        List<Element> rows = new java.util.ArrayList<>();
        while (row != null && row.selectFirst("h2") == null && row.selectFirst("h3") != null) {
            rows.add(row);
            row = row.nextElementSibling();
        }
        return rows;
    }

    private static long id(String href) {
        return Long.parseLong(href.replaceAll("\\D+", " ").strip().replaceAll(".* ", ""));
    }
}
