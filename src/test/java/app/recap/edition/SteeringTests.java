package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import app.recap.edition.DigestFixtures.EditionFixture;

/** An editor's pins and drops reshape the sections; the note renders safely in both parts; the subject replaces. */
class SteeringTests {

    private static List<List<Long>> ids(EditionSnapshot snapshot, Long... audiences) {
        return snapshot.sectionsFor(List.of(audiences)).stream()
                .map(s -> s.stories().stream().map(DigestView.StoryView::id).toList()).toList();
    }

    private static EditionFixture fixture() {
        return new EditionFixture(Locale.ENGLISH).layout(3, 3, 1).lead(1L, 2L, 3L, 4L, 5L)
                .section(DigestFixtures.SECURITY, 6L, 7L, 8L, 9L).section(DigestFixtures.DEVELOPERS, 10L, 11L, 12L);
    }

    @Test
    void aPinnedStoryTopsItsSectionADroppedOneIsGoneAndTheNextRankedFillsItsPlace() {
        Steering choices = new Steering(List.of(new Steering.Pick(5L, Steering.Action.PIN, null, "ed"),
                new Steering.Pick(1L, Steering.Action.DROP, null, "ed"),
                new Steering.Pick(12L, Steering.Action.PIN, DigestFixtures.SECURITY.id(), "ed")), null, null);
        EditionSnapshot steered = fixture().steering(choices).snapshot();

        assertThat(ids(fixture().snapshot(), 1L, 2L)).containsExactly(List.of(1L, 2L, 3L), List.of(6L, 7L, 8L),
                List.of(10L, 11L, 12L));
        // 5 pinned to the top of the lead, 1 dropped (4 moves up), 12 on top of Security and no longer in Developers
        assertThat(ids(steered, 1L, 2L)).containsExactly(List.of(5L, 2L, 3L), List.of(12L, 6L, 7L),
                List.of(10L, 11L));
        // a section the reader did not choose: its pin does not take the story out of the others
        assertThat(ids(steered, 2L)).containsExactly(List.of(5L, 2L, 3L), List.of(10L, 11L, 12L));
    }

    @Test
    void theNoteRendersAsSafeHtmlAndAsTextAndTheSubjectReplacesTheGeneratedOne() {
        Steering choices = new Steering(List.of(), "Welcome *back*. <img src=x onerror=alert(1)> "
                + "[click](javascript:alert(1)) [docs](https://docs.example/a?b=1&c=2)\n\n- one\n- two", "A subject");
        RenderedDigest digest = DigestFixtures.renderer().render(fixture().steering(choices).snapshot(),
                List.of(1L), DigestRenderer.PLACEHOLDERS);

        assertThat(digest.subject()).isEqualTo("A subject");
        assertThat(digest.html()).contains("Welcome <em>back</em>.")
                .contains("<a href=\"https://docs.example/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">docs</a>")
                .contains("<li>one</li>")
                .doesNotContain("<img src=x").doesNotContain("onerror=alert(1)>").doesNotContain("javascript:");
        assertThat(digest.text()).contains("Welcome back.").contains("docs").contains("one");

        RenderedDigest plain = DigestFixtures.renderer().render(fixture().snapshot(), List.of(1L),
                DigestRenderer.PLACEHOLDERS);
        assertThat(plain.html()).doesNotContain("editor-note");
        assertThat(plain.subject()).isNotEqualTo("A subject");
    }
}
