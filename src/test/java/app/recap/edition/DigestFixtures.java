package app.recap.edition;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.context.support.ResourceBundleMessageSource;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import app.recap.RecapProperties;
import app.recap.audience.Audience;
import app.recap.ranking.RankedStory;
import app.recap.ranking.ScoreParts;
import app.recap.story.Story;
import app.recap.story.TitleKeys;
import app.recap.story.Tldr;
import app.recap.subscriber.NewsletterList;

/**
 * Hand-built editions and a renderer wired like the application's (the templates and bundles from the classpath,
 * messages with {@code always-use-message-format}), without starting the application.
 */
final class DigestFixtures {

    static final IsoWeek WEEK = IsoWeek.parse("2026-W48");
    static final Audience SECURITY = new Audience(1, "security", "Security Sentinels", null, List.of());
    static final Audience DEVELOPERS = new Audience(2, "developers", "Developer Dispatch", null, List.of());
    static final Audience RESEARCH = new Audience(3, "research", "Research Roundtable", null, List.of());
    static final Audience POLICY = new Audience(4, "policy", "Policy Pages", null, List.of());

    private DigestFixtures() {
    }

    static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
        messages.setFallbackToSystemLocale(false);
        messages.setAlwaysUseMessageFormat(true);
        return messages;
    }

    static DigestRenderer renderer() {
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateEngineMessageSource(messages());
        ClassLoaderTemplateResolver text = new ClassLoaderTemplateResolver();
        text.setPrefix("templates/");
        text.setSuffix("");
        text.setTemplateMode(TemplateMode.TEXT);
        text.setCharacterEncoding("UTF-8");
        text.setResolvablePatterns(Set.of("*.txt"));
        text.setOrder(0);
        text.setCheckExistence(true);
        ClassLoaderTemplateResolver html = new ClassLoaderTemplateResolver();
        html.setPrefix("templates/");
        html.setSuffix(".html");
        html.setTemplateMode(TemplateMode.HTML);
        html.setCharacterEncoding("UTF-8");
        html.setOrder(1);
        engine.addTemplateResolver(text);
        engine.addTemplateResolver(html);
        return new DigestRenderer(engine, messages(), new RecapProperties(URI.create("https://recap.example"),
                Path.of("data")));
    }

    static NewsletterList list(Locale locale) {
        return new NewsletterList(7, "quux-weekly", "Quux Weekly", "Quux Weekly", "digest@quux.example", null,
                "Quux Ltd, 1 Zeta Street, Bristol BS1 1AA, United Kingdom", DayOfWeek.MONDAY, LocalTime.of(8, 0),
                ZoneId.of("Europe/London"), locale, true, false);
    }

    /** A story with every part filled in, worded so no English or German fixed string can hide in it. */
    static Story story(long id) {
        String title = "Zorblax " + id + " quux frobnicates the xyzzy";
        Instant published = WEEK.start(ZoneId.of("Europe/London")).plus(Duration.ofHours(10 + id));
        return new Story(id, "https://news.example/zorblax/" + id, title, TitleKeys.of(title), "Plugh " + id + ".",
                "Zorblax Wire", published, false, published,
                new Tldr("Fnord " + id + " glorps.", "Blorp " + id + " snarfs.", "Wibble " + id + " wobbles."), 0.5,
                List.of("Quuxly " + id + " one.", "Quuxly " + id + " two."), Map.of(), List.of());
    }

    static RankedStory ranked(long storyId) {
        return new RankedStory(storyId, 0.5, new ScoreParts(1, 0.5, 0.5, 0, 0.5), 0, null, 0.5, "fixture");
    }

    /** An edition whose lead and audience rankings are the given story ids, best first. */
    static final class EditionFixture {

        private final Locale locale;
        private final List<Long> lead = new ArrayList<>();
        private final Map<Long, List<Long>> sections = new LinkedHashMap<>();
        private final Map<Long, List<String>> alsoIn = new LinkedHashMap<>();
        private EditionSnapshot.Layout layout = new EditionSnapshot.Layout(3, 5, 2);
        private Steering steering = Steering.NONE;

        EditionFixture(Locale locale) {
            this.locale = locale;
        }

        EditionFixture lead(Long... ids) {
            lead.addAll(List.of(ids));
            return this;
        }

        EditionFixture section(Audience audience, Long... ids) {
            sections.put(audience.id(), List.of(ids));
            return this;
        }

        EditionFixture alsoIn(long storyId, String... sources) {
            alsoIn.put(storyId, List.of(sources));
            return this;
        }

        EditionFixture layout(int leadSize, int sectionSize, int minSectionStories) {
            layout = new EditionSnapshot.Layout(leadSize, sectionSize, minSectionStories);
            return this;
        }

        EditionFixture steering(Steering choices) {
            steering = choices;
            return this;
        }

        EditionSnapshot snapshot() {
            Map<Long, Story> stories = new LinkedHashMap<>();
            lead.forEach(id -> stories.put(id, story(id)));
            Map<Long, List<RankedStory>> ranking = new LinkedHashMap<>();
            sections.forEach((audience, ids) -> {
                ids.forEach(id -> stories.put(id, story(id)));
                ranking.put(audience, ids.stream().map(DigestFixtures::ranked).toList());
            });
            Map<Long, Audience> audiences = new LinkedHashMap<>();
            for (Audience a : List.of(SECURITY, DEVELOPERS, RESEARCH, POLICY)) {
                audiences.put(a.id(), a);
            }
            var edition = new Edition(42, 7, WEEK, EditionStatus.SENDING, stories.size(), null);
            return new EditionSnapshot(edition, list(locale), audiences, lead.stream().map(DigestFixtures::ranked).toList(),
                    ranking, stories, alsoIn, layout, steering);
        }
    }
}
