package app.recap.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.recap.audience.Audience;

/** What a model's answer must be to be stored, and what of it is stored. */
class ModelAnswerTests {

    private static final List<Audience> CATALOGUE = List.of(
            new Audience(1, "legal", "Legal Teams", "Lawyers.", List.of()),
            new Audience(2, "design", "Design Leaders", "Designers.", List.of()));

    @Test
    void keepsOnlyCatalogueAudiencesInTheModelsOrder() {
        ModelAnswer a = ModelAnswer.parse("""
                {"tldr":"Court rules.","audiences":["design","nobody","LEGAL","design"],"importance":0.5}""",
                CATALOGUE).orElseThrow();
        assertThat(a.audienceWeights()).containsExactly(java.util.Map.entry(2L, 1.0), java.util.Map.entry(1L, 0.8));
    }

    @Test
    void dropsAnswersThatAreNotJsonOfTheSchema() {
        assertThat(ModelAnswer.parse("Sure! Here is the JSON: {", CATALOGUE)).isEmpty();
        assertThat(ModelAnswer.parse("[1,2]", CATALOGUE)).isEmpty();
        assertThat(ModelAnswer.parse("{\"tldr\":\"x\",\"importance\":1.5}", CATALOGUE)).isEmpty();
        assertThat(ModelAnswer.parse("{\"tldr\":\"x\",\"importance\":-0.1}", CATALOGUE)).isEmpty();
        assertThat(ModelAnswer.parse("{\"tldr\":\"x\",\"importance\":\"high\"}", CATALOGUE)).isEmpty();
        assertThat(ModelAnswer.parse("{\"tldr\":\"<a href='https://x.example'></a>\",\"importance\":0.5}", CATALOGUE))
                .as("a TL;DR that is nothing but a link").isEmpty();
    }

    @Test
    void capsLengthsAndTakeaways() {
        String longText = "word ".repeat(400);
        ModelAnswer a = ModelAnswer.parse("""
                {"tldr":"%s","whyItMatters":"%s","takeaways":["a","b","c","d","e","f","g"],"importance":0}"""
                .formatted(longText, longText), CATALOGUE).orElseThrow();
        assertThat(a.tldr().whatChanged()).hasSizeLessThanOrEqualTo(ModelAnswer.MAX_TLDR).endsWith("…");
        assertThat(a.tldr().whyItMatters()).hasSizeLessThanOrEqualTo(ModelAnswer.MAX_PART);
        assertThat(a.takeaways()).hasSize(ModelAnswer.MAX_TAKEAWAYS);
    }

    @Test
    void cleansFieldsLikeFeedTextAndRemovesLinks() {
        ModelAnswer a = ModelAnswer.parse("""
                {"tldr":"See [the ruling](https://court.example/r) &lt;script&gt;x&lt;/script&gt; at www.court.example today",\
                "whatToDoNext":"mailto:a@b.example or data:text/html,hi","importance":1}""", CATALOGUE).orElseThrow();
        assertThat(a.tldr().whatChanged()).isEqualTo("See the ruling at today");
        assertThat(a.tldr().whatToDoNext()).isEqualTo("or");
    }
}
