package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class StoryUrlsTests {

    private static final String BASE = "https://news.example/feeds/main.xml";

    @Test
    void resolvesRelativeLinksAgainstTheBase() {
        assertThat(StoryUrls.normalise("/stories/42", BASE)).isEqualTo("https://news.example/stories/42");
        assertThat(StoryUrls.normalise("../stories/42?id=7", BASE)).isEqualTo("https://news.example/stories/42?id=7");
        assertThat(StoryUrls.normalise("today.html", BASE)).isEqualTo("https://news.example/feeds/today.html");
    }

    @Test
    void resolvesRelativeLinksAgainstABaseWithoutPath() {
        assertThat(StoryUrls.normalise("stories/42", "https://news.example"))
                .isEqualTo("https://news.example/stories/42");
    }

    @Test
    void relativeLinkWithoutUsableBaseIsNull() {
        assertThat(StoryUrls.normalise("/stories/42", null)).isNull();
        assertThat(StoryUrls.normalise("/stories/42", "classpath:demo/feed.xml")).isNull();
    }

    @Test
    void absoluteLinkIgnoresTheBase() {
        assertThat(StoryUrls.normalise("https://other.example/a", BASE)).isEqualTo("https://other.example/a");
    }

    @Test
    void lowerCasesSchemeAndHostButNotPath() {
        assertThat(StoryUrls.normalise("HTTPS://News.EXAMPLE/Stories/Big-News", null))
                .isEqualTo("https://news.example/Stories/Big-News");
        assertThat(StoryUrls.normalise("Http://WWW.News.Example/A?Q=B", null))
                .isEqualTo("http://www.news.example/A?Q=B");
    }

    @Test
    void dropsDefaultPortsOnly() {
        assertThat(StoryUrls.normalise("http://news.example:80/a", null)).isEqualTo("http://news.example/a");
        assertThat(StoryUrls.normalise("https://news.example:443/a", null)).isEqualTo("https://news.example/a");
        assertThat(StoryUrls.normalise("https://news.example:8443/a", null)).isEqualTo("https://news.example:8443/a");
        assertThat(StoryUrls.normalise("http://news.example:443/a", null)).isEqualTo("http://news.example:443/a");
    }

    @Test
    void dropsTheFragment() {
        assertThat(StoryUrls.normalise("https://news.example/a#comments", null)).isEqualTo("https://news.example/a");
        assertThat(StoryUrls.normalise("https://news.example/a?page=2#top", null))
                .isEqualTo("https://news.example/a?page=2");
    }

    @Test
    void removesTrackingParametersAndKeepsOthersInOrder() {
        assertThat(StoryUrls.normalise(
                "https://news.example/a?id=7&utm_source=rss&page=2&fbclid=IwAR0x&UTM_Campaign=weekly&z=last", null))
                .isEqualTo("https://news.example/a?id=7&page=2&z=last");
    }

    @Test
    void dropsTheQueryWhenOnlyTrackingParametersRemain() {
        assertThat(StoryUrls.normalise("https://news.example/a?utm_medium=email&fbclid=abc", null))
                .isEqualTo("https://news.example/a");
    }

    @Test
    void keepsParametersThatMerelyContainATrackingName() {
        assertThat(StoryUrls.normalise("https://news.example/a?not_utm_x=1&fbclid2=2", null))
                .isEqualTo("https://news.example/a?not_utm_x=1&fbclid2=2");
    }

    @Test
    void emptyPathBecomesSlash() {
        assertThat(StoryUrls.normalise("https://News.Example", null)).isEqualTo("https://news.example/");
    }

    @ParameterizedTest
    @ValueSource(strings = { "javascript:alert(1)", "mailto:editor@news.example", "ftp://files.example/a.txt",
            "data:text/html,hi", "urn:isbn:0451450523" })
    void nonHttpSchemesAreNull(String link) {
        assertThat(StoryUrls.normalise(link, BASE)).isNull();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "\t\n" })
    void blankIsNull(String link) {
        assertThat(StoryUrls.normalise(link, BASE)).isNull();
    }

    @Test
    void stripsSurroundingWhitespaceAndEncodesInnerSpaces() {
        assertThat(StoryUrls.normalise("  https://news.example/a b  ", null)).isEqualTo("https://news.example/a%20b");
    }

    @Test
    void removesDotSegmentsAndCredentials() {
        assertThat(StoryUrls.normalise("https://user:secret@news.example/a/b/../c/./d", null))
                .isEqualTo("https://news.example/a/c/d");
        assertThat(StoryUrls.normalise("https://news.example/../../etc", null)).isEqualTo("https://news.example/etc");
    }

    @Test
    void removesTheCommonNewsletterAndAdTrackers() {
        assertThat(StoryUrls.normalise("https://news.example/a?mkt_tok=x&_ga=1&gclid=2&mc_cid=3&id=9&ocid=4", null))
                .isEqualTo("https://news.example/a?id=9");
    }

    @Test
    void aLinkTooLongToStoreIsNoLink() {
        assertThat(StoryUrls.normalise("https://news.example/" + "a".repeat(2100), null)).isNull();
    }

    @Test
    void aLinkOfExactlyTheStorableLengthIsKept() {
        String prefix = "https://news.example/";
        String longest = prefix + "a".repeat(StoryUrls.MAX_LENGTH - prefix.length());

        assertThat(StoryUrls.normalise(longest, null)).isEqualTo(longest).hasSize(StoryUrls.MAX_LENGTH);
        assertThat(StoryUrls.normalise(longest + "a", null)).isNull();
    }
}
