package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class WebLinksTests {

    @Test
    void readsEachRelationsFirstTargetAcrossValuesAndHeaders() {
        WebLinks links = WebLinks.parse(List.of(
                "<https://hub.example/>; rel=\"hub\", <https://blog.example/feed>; rel=\"self\"",
                "<https://second-hub.example/>; rel=hub"));

        assertThat(links.first("hub")).contains("https://hub.example/");
        assertThat(links.first("self")).contains("https://blog.example/feed");
        assertThat(links.first("alternate")).isEmpty();
    }

    @Test
    void commasInsideTargetsAndQuotedParametersDoNotSplitValues() {
        WebLinks links = WebLinks.parse(List.of(
                "<https://a.example/x?list=1,2>; rel=\"alternate\"; title=\"one, \\\"two\\\", three\", "
                        + "<https://hub.example/a,b>; title=\"x;rel=self\"; rel=\"hub\""));

        assertThat(links.first("alternate")).contains("https://a.example/x?list=1,2");
        assertThat(links.first("hub")).contains("https://hub.example/a,b");
        assertThat(links.first("self")).as("a rel inside another parameter's quoted value").isEmpty();
    }

    @Test
    void aRelationListNamesEveryTypeAndTypesIgnoreCase() {
        WebLinks links = WebLinks.parse(List.of("<https://blog.example/feed>; REL=\"self  Canonical\""));

        assertThat(links.first("self")).contains("https://blog.example/feed");
        assertThat(links.first("canonical")).contains("https://blog.example/feed");
        assertThat(links.first("SELF")).contains("https://blog.example/feed");
    }

    @Test
    void malformedValuesAreSkippedAndTheRestKept() {
        WebLinks links = WebLinks.parse(List.of(
                "https://no-brackets.example/; rel=hub, <>; rel=hub, <https://no-rel.example/>; title=x, "
                        + "<https://unclosed.example/; rel=hub",
                "; rel=hub, <https://hub.example/>; empty; rel=hub",
                ""));

        assertThat(links.first("hub")).contains("https://hub.example/");
        assertThat(WebLinks.parse(List.of()).byRelation()).isEmpty();
        assertThat(WebLinks.parse(List.of("garbage, , ;;;")).byRelation()).isEmpty();
    }
}
