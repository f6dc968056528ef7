package app.recap.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

class RankingPropertiesTests {

    @Test
    void handBuiltDefaultsAreThoseOfApplicationYml() throws IOException {
        var yaml = new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"));
        RankingProperties configured = new Binder(ConfigurationPropertySources.from(yaml.get(0)))
                .bind("recap.ranking", RankingProperties.class).get();

        assertThat(RankingProperties.defaults()).isEqualTo(configured);
    }

    @ParameterizedTest
    @CsvSource({ "top-per-audience, 1", "lead-size, 0", "min-section-stories, 0", "min-edition-stories, 1",
            "diversity, 0", "diversity, 1", "duplicate-title-similarity, 1", "duplicate-title-similarity, 0.01",
            "duplicate-text-similarity, 1", "duplicate-text-similarity, 0.01" })
    void acceptsTheEdgesOfEachRange(String setting, double value) {
        assertThatCode(() -> with(setting, value)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({ "top-per-audience, 0, top-per-audience must be at least 1",
            "lead-size, -1, lead-size must not be negative",
            "min-section-stories, -1, min-section-stories must not be negative",
            "min-edition-stories, 0, min-edition-stories must be at least 1",
            "importance-weight, -0.01, ranking weights must not be negative",
            "freshness-weight, -0.01, ranking weights must not be negative",
            "coverage-weight, -0.01, ranking weights must not be negative",
            "authority-weight, -0.01, ranking weights must not be negative",
            "diversity, -0.01, diversity must be between 0 and 1",
            "diversity, 1.01, diversity must be between 0 and 1",
            "duplicate-title-similarity, 0, 'duplicate-title-similarity must be in (0, 1]'",
            "duplicate-title-similarity, 1.01, 'duplicate-title-similarity must be in (0, 1]'",
            "duplicate-text-similarity, 0, 'duplicate-text-similarity must be in (0, 1]'",
            "duplicate-text-similarity, 1.01, 'duplicate-text-similarity must be in (0, 1]'" })
    void refusesAValueOutsideItsRangeNamingTheSetting(String setting, double value, String message) {
        assertThatThrownBy(() -> with(setting, value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recap.ranking: " + message);
    }

    @ParameterizedTest
    @CsvSource({ "1, 0, 0, 0", "0, 1, 0, 0", "0, 0, 1, 0", "0, 0, 0, 1" })
    void anyOneWeightAloneMayCarryTheScore(double importance, double freshness, double coverage, double authority) {
        assertThatCode(() -> weights(importance, freshness, coverage, authority)).doesNotThrowAnyException();
        assertThat(weights(importance, freshness, coverage, authority).weightSum()).isEqualTo(1.0);
    }

    @Test
    void refusesWeightsThatAreAllZero() {
        assertThatThrownBy(() -> weights(0, 0, 0, 0))
                .hasMessage("recap.ranking: at least one ranking weight must be positive");
    }

    static RankingProperties weights(double importance, double freshness, double coverage, double authority) {
        RankingProperties d = RankingProperties.defaults();
        return new RankingProperties(d.topPerAudience(), d.leadSize(), d.minSectionStories(), d.minEditionStories(),
                importance, freshness, coverage, authority, d.diversity(), d.duplicateTitleSimilarity(),
                d.duplicateTextSimilarity());
    }

    /** The defaults with one setting, named as in application.yml, changed. */
    static RankingProperties with(String setting, double value) {
        RankingProperties d = RankingProperties.defaults();
        int n = (int) value;
        return new RankingProperties(
                setting.equals("top-per-audience") ? n : d.topPerAudience(),
                setting.equals("lead-size") ? n : d.leadSize(),
                setting.equals("min-section-stories") ? n : d.minSectionStories(),
                setting.equals("min-edition-stories") ? n : d.minEditionStories(),
                setting.equals("importance-weight") ? value : d.importanceWeight(),
                setting.equals("freshness-weight") ? value : d.freshnessWeight(),
                setting.equals("coverage-weight") ? value : d.coverageWeight(),
                setting.equals("authority-weight") ? value : d.authorityWeight(),
                setting.equals("diversity") ? value : d.diversity(),
                setting.equals("duplicate-title-similarity") ? value : d.duplicateTitleSimilarity(),
                setting.equals("duplicate-text-similarity") ? value : d.duplicateTextSimilarity());
    }
}
