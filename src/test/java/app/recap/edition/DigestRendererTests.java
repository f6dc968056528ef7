package app.recap.edition;

import static app.recap.edition.DigestFixtures.DEVELOPERS;
import static app.recap.edition.DigestFixtures.RESEARCH;
import static app.recap.edition.DigestFixtures.SECURITY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import app.recap.edition.DigestFixtures.EditionFixture;

class DigestRendererTests {

    private static final Pattern LETTER = Pattern.compile("\\p{L}");
    private static final DigestView.Personal ADA = new DigestView.Personal("Ada", "https://recap.example/u/token-u",
            "https://recap.example/p/token-p", null);

    private final DigestRenderer renderer = DigestFixtures.renderer();

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyFixedStringComesFromTheListsLanguageBundle(String language) throws IOException {
        Locale locale = Locale.forLanguageTag(language);
        EditionSnapshot snapshot = fullEdition(locale);

        RenderedDigest digest = renderer.render(snapshot, audiences(), ADA);

        List<String> known = new ArrayList<>(content(snapshot, locale));
        known.addAll(fragments(bundle(language)));
        known.sort(Comparator.comparingInt(String::length).reversed());
        for (String text : htmlTexts(Jsoup.parse(digest.html()))) {
            assertThat(leftover(text, known)).as("HTML text \"%s\" has words from neither content nor bundle", text)
                    .doesNotContainPattern(LETTER);
        }
        for (String line : digest.text().split("\n")) {
            assertThat(leftover(line, known)).as("text line \"%s\"", line).doesNotContainPattern(LETTER);
        }
    }

    @Test
    void germanListGetsNoEnglishFixedString() throws IOException {
        EditionSnapshot snapshot = fullEdition(Locale.GERMAN);

        RenderedDigest digest = renderer.render(snapshot, audiences(), ADA);

        Set<String> german = new LinkedHashSet<>(fragments(bundle("de")));
        List<String> english = fragments(bundle("en")).stream()
                .filter(f -> f.length() >= 4 && LETTER.matcher(f).find() && !german.contains(f)).toList();
        assertThat(english).hasSizeGreaterThan(20);
        String html = String.join("\n", htmlTexts(Jsoup.parse(digest.html())));
        for (String phrase : english) {
            assertThat(html).as("HTML").doesNotContain(phrase);
            assertThat(digest.text()).as("text part").doesNotContain(phrase);
        }
        Document doc = Jsoup.parse(digest.html());
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("de");
        assertThat(doc.select("h2").eachText()).containsExactly("Die wichtigsten Meldungen der Woche",
                "Security Sentinels", "Developer Dispatch", "Research Roundtable");
        assertThat(doc.text()).contains("Woche vom 23.–29. November 2026", "Hallo Ada,", "Abbestellen",
                "Den ganzen Artikel bei Zorblax Wire lesen", "Auch bei: Quux Times, Plugh Post");
        assertThat(digest.text()).contains("== Die wichtigsten Meldungen der Woche ==", "Was ist neu: Fnord 1 glorps.");
    }

    @Test
    void everyKeyHasAGermanTranslation() throws IOException {
        Properties english = bundle("en");
        Properties german = bundle("de");

        assertThat(german.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(english.stringPropertyNames());
        // the same in both languages only where there is nothing to translate
        Set<String> languageFree = Set.of("digest.subject", "digest.label", "digest.week.range",
                "digest.week.range.sameMonth", "digest.date.day", "digest.date.dayMonth", "digest.date.full",
                "signup.name"); // "Name" is German too
        for (String key : english.stringPropertyNames()) {
            assertThat(german.getProperty(key)).as(key).isNotBlank();
            if (!languageFree.contains(key)) {
                assertThat(german.getProperty(key)).as(key).isNotEqualTo(english.getProperty(key));
            }
        }
    }

    @Test
    void weekLabelFollowsTheLanguage() {
        assertThat(renderer.weekLabel(IsoWeek.parse("2026-W48"), Locale.ENGLISH)).isEqualTo("23–29 November 2026");
        assertThat(renderer.weekLabel(IsoWeek.parse("2026-W48"), Locale.GERMAN)).isEqualTo("23.–29. November 2026");
        assertThat(renderer.weekLabel(IsoWeek.parse("2026-W49"), Locale.ENGLISH))
                .isEqualTo("30 November – 6 December 2026");
        assertThat(renderer.weekLabel(IsoWeek.parse("2026-W53"), Locale.GERMAN))
                .isEqualTo("28. Dezember 2026 – 3. Januar 2027");
    }

    @Test
    void textPartWrapsAt78ColumnsAndTellsTheSameStoryAsTheHtml() {
        EditionSnapshot snapshot = fullEdition(Locale.ENGLISH);

        RenderedDigest digest = renderer.render(snapshot, audiences(), ADA);

        for (String line : digest.text().split("\n")) {
            if (line.length() > DigestRenderer.TEXT_WIDTH) {
                assertThat(line.strip()).as("only an unbreakable link may be longer").doesNotContain(" ")
                        .startsWith("https://");
            }
        }
        Document doc = Jsoup.parse(digest.html());
        String flatText = digest.text().replaceAll("\\s+", " ");
        for (String heading : doc.select("h2").eachText()) {
            assertThat(digest.text()).contains("== " + heading + " ==");
        }
        List<String> titles = doc.select("h3").eachText();
        assertThat(titles).hasSize(digest.storyCount());
        int at = 0;
        for (String title : titles) {
            int found = flatText.indexOf("* " + title, at);
            assertThat(found).as("%s in the text part, in order", title).isGreaterThan(at);
            at = found;
        }
        // every link but the contents' in-page anchors, which plain text has no use for
        for (String href : doc.select("a[href]:not([href^=#])").eachAttr("href")) {
            assertThat(digest.text()).contains(href);
        }
    }

    @Test
    void htmlKeepsToWhatEmailClientsRender() {
        RenderedDigest digest = renderer.render(fullEdition(Locale.ENGLISH), audiences(), ADA);
        Document doc = Jsoup.parse(digest.html());

        assertThat(doc.select("table")).isNotEmpty()
                .allSatisfy(t -> assertThat(t.attr("role")).isEqualTo("presentation"));
        assertThat(doc.selectFirst("html").attr("lang")).isEqualTo("en");
        assertThat(doc.select("h1")).hasSize(1);
        assertThat(doc.select("h2").first().text()).isEqualTo("This week's top stories");
        assertThat(doc.select("h3")).hasSize(digest.storyCount());
        assertThat(doc.select("img:not([alt])")).isEmpty();
        assertThat(doc.select("script, form, video, link, iframe")).isEmpty();
        assertThat(digest.html()).contains("<!--[if mso]>").contains("max-width:600px")
                .contains("prefers-color-scheme:dark").doesNotContainPattern("(?i)(display:\\s*(flex|grid)|position:|float:|calc\\(|var\\(--)");
        for (Element link : doc.select("a[href]")) {
            assertThat(link.text()).as("link to %s says where it goes", link.attr("href")).isNotBlank()
                    .doesNotContainPattern("(?i)^(here|click here|read more|more|link)$");
        }
        assertThat(doc.select("td:has(> p, > h1, > h2, > h3, > ul)")).isNotEmpty()
                .allSatisfy(td -> assertThat(td.attr("style")).contains("font-family"));
        assertThat(digest.html().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(DigestRenderer.HTML_MAX_LINE));
        assertThat(doc.text()).contains("Quux Ltd, 1 Zeta Street, Bristol BS1 1AA, United Kingdom");
    }

    @Test
    void subjectNamesTheListAndTheLeadStory() {
        RenderedDigest digest = renderer.render(fullEdition(Locale.ENGLISH), audiences(), ADA);

        assertThat(digest.subject()).isEqualTo("Quux Weekly: Zorblax 1 quux frobnicates the xyzzy");
        assertThat(digest.storyCount()).isEqualTo(3 + 3 + 3 + 2);
    }

    private static List<Long> audiences() {
        return List.of(SECURITY.id(), DEVELOPERS.id(), RESEARCH.id());
    }

    private static EditionSnapshot fullEdition(Locale locale) {
        return new EditionFixture(locale).lead(1L, 2L, 3L).section(SECURITY, 10L, 11L, 12L)
                .section(DEVELOPERS, 20L, 21L, 22L).section(RESEARCH, 30L, 31L)
                .alsoIn(1L, "Quux Times", "Plugh Post").snapshot();
    }

    /** Every value the view takes from the edition, list or subscriber rather than from the bundle. */
    private List<String> content(EditionSnapshot snapshot, Locale locale) {
        List<String> content = new ArrayList<>(List.of("Quux Weekly", "Quux Ltd, 1 Zeta Street, Bristol BS1 1AA, United Kingdom",
                "Ada", "Security Sentinels", "Developer Dispatch", "Research Roundtable",
                renderer.weekLabel(DigestFixtures.WEEK, locale), "https://recap.example/u/token-u",
                "https://recap.example/p/token-p#topics", "https://recap.example/p/token-p",
                "https://recap.example/archive/quux-weekly/2026-W48"));
        for (DigestView.Section section : snapshot.sectionsFor(audiences())) {
            for (DigestView.StoryView story : section.stories()) {
                content.addAll(List.of(story.title(), story.url(), story.source(), story.whatChanged(),
                        story.whyItMatters(), story.whatToDoNext(), story.publishedLabel()));
                content.addAll(story.takeaways());
                content.addAll(story.alsoIn());
            }
        }
        // the text part wraps long values, so their words are known one by one too
        List<String> words = content.stream().flatMap(c -> Arrays.stream(c.split("\\s+"))).toList();
        content.addAll(words);
        return content;
    }

    private static String leftover(String text, List<String> known) {
        String rest = text;
        for (String k : known) {
            if (!k.isBlank()) {
                rest = rest.replace(k, " ");
            }
        }
        return rest;
    }

    private static List<String> htmlTexts(Document doc) {
        List<String> texts = new ArrayList<>();
        for (Element e : doc.getAllElements()) {
            for (TextNode node : e.textNodes()) {
                if (!node.isBlank()) {
                    texts.add(node.text().strip());
                }
            }
            for (String attribute : List.of("alt", "title", "aria-label")) {
                if (e.hasAttr(attribute)) {
                    texts.add(e.attr(attribute));
                }
            }
        }
        return texts;
    }

    /** The literal parts of every message, around its {n} arguments. */
    private static List<String> fragments(Properties bundle) {
        List<String> fragments = new ArrayList<>();
        for (String key : bundle.stringPropertyNames()) {
            if (key.startsWith("digest.date.")) {
                continue;
            }
            for (String part : bundle.getProperty(key).replace("''", "'").split("\\{\\d+}")) {
                if (!part.isBlank()) {
                    fragments.add(part.strip());
                }
            }
        }
        return fragments;
    }

    private static Properties bundle(String language) throws IOException {
        String name = language.equals("en") ? "/messages.properties" : "/messages_" + language + ".properties";
        Properties properties = new Properties();
        try (InputStream in = DigestRendererTests.class.getResourceAsStream(name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
