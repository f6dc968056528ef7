package app.recap.edition;

import static app.recap.edition.DigestFixtures.DEVELOPERS;
import static app.recap.edition.DigestFixtures.POLICY;
import static app.recap.edition.DigestFixtures.RESEARCH;
import static app.recap.edition.DigestFixtures.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import app.recap.edition.DigestFixtures.EditionFixture;

class EditionSnapshotTests {

    @Test
    void everyEmailOpensWithTheSameLeadSectionThenTheSubscribersAudiencesInTheirOrder() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L, 2L, 3L)
                .section(SECURITY, 10L, 11L, 12L).section(DEVELOPERS, 20L, 21L, 22L).snapshot();

        List<DigestView.Section> developersFirst = snapshot.sectionsFor(List.of(DEVELOPERS.id(), SECURITY.id()));
        List<DigestView.Section> securityOnly = snapshot.sectionsFor(List.of(SECURITY.id()));

        assertThat(developersFirst).extracting(DigestView.Section::audienceSlug)
                .containsExactly(EditionSnapshot.LEAD_SLUG, "developers", "security");
        assertThat(developersFirst.get(0).lead()).isTrue();
        assertThat(ids(developersFirst.get(0))).containsExactly(1L, 2L, 3L);
        assertThat(ids(securityOnly.get(0))).containsExactly(1L, 2L, 3L);
        assertThat(securityOnly).extracting(DigestView.Section::audienceSlug)
                .containsExactly(EditionSnapshot.LEAD_SLUG, "security");
    }

    @Test
    void aStoryAppearsOnceInTheSectionWhereItRanksHighest() {
        // story 30 is third for security but first for developers
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L)
                .section(SECURITY, 10L, 11L, 30L, 12L).section(DEVELOPERS, 30L, 20L, 21L).snapshot();

        List<DigestView.Section> sections = snapshot.sectionsFor(List.of(SECURITY.id(), DEVELOPERS.id()));

        assertThat(ids(sections.get(1))).as("security takes its next story instead").containsExactly(10L, 11L, 12L);
        assertThat(ids(sections.get(2))).containsExactly(30L, 20L, 21L);
    }

    @Test
    void onATieTheEarlierSectionKeepsTheStory() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L)
                .section(SECURITY, 10L, 30L, 11L).section(DEVELOPERS, 20L, 30L, 21L).snapshot();

        List<DigestView.Section> sections = snapshot.sectionsFor(List.of(DEVELOPERS.id(), SECURITY.id()));

        assertThat(ids(sections.get(1))).containsExactly(20L, 30L, 21L);
        assertThat(ids(sections.get(2))).containsExactly(10L, 11L);
    }

    @Test
    void aLeadStoryIsNotRepeatedInAnAudienceSection() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L, 2L)
                .section(SECURITY, 2L, 10L, 11L).snapshot();

        List<DigestView.Section> sections = snapshot.sectionsFor(List.of(SECURITY.id()));

        assertThat(ids(sections.get(1))).containsExactly(10L, 11L);
    }

    @Test
    void sectionsStopAtTheirSize() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).layout(2, 3, 2).lead(1L, 2L, 3L)
                .section(SECURITY, 10L, 11L, 12L, 13L, 14L).snapshot();

        List<DigestView.Section> sections = snapshot.sectionsFor(List.of(SECURITY.id()));

        assertThat(ids(sections.get(0))).containsExactly(1L, 2L);
        assertThat(ids(sections.get(1))).containsExactly(10L, 11L, 12L);
    }

    @Test
    void aThinSectionFoldsIntoTheLeadSection() {
        // after the lead and developers took theirs, research is left with one story: fewer than K = 2
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L, 2L)
                .section(DEVELOPERS, 20L, 21L, 22L).section(RESEARCH, 1L, 21L, 40L).snapshot();

        List<DigestView.Section> sections = snapshot.sectionsFor(List.of(DEVELOPERS.id(), RESEARCH.id()));

        assertThat(sections).extracting(DigestView.Section::audienceSlug)
                .containsExactly(EditionSnapshot.LEAD_SLUG, "developers");
        assertThat(ids(sections.get(0))).containsExactly(1L, 2L, 40L);
        assertThat(ids(sections.get(1))).containsExactly(20L, 21L, 22L);
    }

    @Test
    void withKZeroEvenASingleStorySectionStays() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).layout(3, 5, 0).lead(1L)
                .section(RESEARCH, 40L).snapshot();

        assertThat(snapshot.sectionsFor(List.of(RESEARCH.id()))).extracting(DigestView.Section::audienceSlug)
                .containsExactly(EditionSnapshot.LEAD_SLUG, "research");
    }

    @Test
    void audiencesWithoutStoriesThisWeekAreLeftOut() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L)
                .section(SECURITY, 10L, 11L).snapshot();

        assertThat(snapshot.sectionsFor(List.of(POLICY.id(), SECURITY.id(), 99L)))
                .extracting(DigestView.Section::audienceSlug).containsExactly(EditionSnapshot.LEAD_SLUG, "security");
    }

    @Test
    void everyStoryAppearsOnceWhateverTheCombination() {
        EditionSnapshot snapshot = new EditionFixture(Locale.ENGLISH).lead(1L, 2L, 3L)
                .section(SECURITY, 2L, 10L, 11L, 12L, 20L, 13L).section(DEVELOPERS, 20L, 10L, 21L, 22L, 3L, 23L)
                .section(RESEARCH, 10L, 20L, 30L, 31L, 32L, 1L).snapshot();
        List<List<Long>> combinations = List.of(List.of(1L, 2L, 3L), List.of(3L, 2L, 1L), List.of(2L, 3L),
                List.of(1L, 3L), List.of(3L));

        for (List<Long> audiences : combinations) {
            List<Long> shown = snapshot.sectionsFor(audiences).stream().flatMap(s -> ids(s).stream()).toList();
            assertThat(shown).as("audiences %s", audiences).doesNotHaveDuplicates();
        }
    }

    private static List<Long> ids(DigestView.Section section) {
        return section.stories().stream().map(DigestView.StoryView::id).toList();
    }
}
