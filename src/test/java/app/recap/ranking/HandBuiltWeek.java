package app.recap.ranking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import app.recap.story.Story;
import app.recap.story.TitleKeys;
import app.recap.story.Tldr;

/**
 * A week of stories whose right ranking is known: five outlets' rewrites of one announcement (one story, covered
 * five times), a flood of five distinct stories on one topic for developers, and ordinary stories around them.
 */
final class HandBuiltWeek {

    static final long SECURITY = 10L;
    static final long DEVELOPERS = 11L;
    static final long RESEARCH = 12L;
    static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    static final Instant WEEK_END = Instant.parse("2026-11-30T00:00:00Z");
    static final Map<String, Double> AUTHORITY = Map.of("Wire", 1.0, "Daily", 0.8, "Post", 0.7, "Journal", 0.9,
            "Tribune", 0.6, "Blog", 0.5, "Gazette", 0.8);

    /** The five versions of the Nova-3 announcement. */
    static final List<Long> NOVA = List.of(1L, 2L, 3L, 4L, 5L);
    /** Five different stories about one product, all scoring just above everything else for developers. */
    static final List<Long> FLOOD = List.of(21L, 22L, 23L, 24L, 25L);

    private HandBuiltWeek() {
    }

    static List<Story> stories() {
        List<Story> week = new ArrayList<>();
        Map<Long, Double> nova = Map.of(DEVELOPERS, 0.8, RESEARCH, 0.7);
        week.add(story(1, "Acme unveils Nova-3 with a one-million-token context window",
                "Acme released Nova-3 on Tuesday, a language model that reads one million tokens at once and costs less per token than Nova-2.",
                0.62, day(1, 9), nova, "Wire"));
        week.add(story(2, "Nova-3 is here: Acme's new model reads a million tokens",
                "Acme's Nova-3 language model launched on Tuesday with a context window of one million tokens.",
                0.60, day(1, 11), nova, "Daily"));
        week.add(story(3, "Acme launches Nova-3 language model, context grows to 1M tokens",
                "The new Nova-3 model from Acme handles one million tokens of context, five times more than Nova-2.",
                0.58, day(1, 12), nova, "Post"));
        week.add(story(4, "Acme's Nova-3 arrives with million-token context and lower prices",
                "Nova-3, released by Acme this week, combines a million-token context window with lower prices.",
                0.61, day(1, 15), nova, "Journal"));
        week.add(story(5, "Hands-on: Acme Nova-3 and its million-token context",
                "We tried Acme's Nova-3 model, released on Tuesday, which accepts one million tokens in a single prompt.",
                0.55, day(2, 8), nova, "Tribune"));

        week.add(story(11, "Kestrel discloses prompt-injection flaw in agent frameworks",
                "A coordinated disclosure showed that agents built on several frameworks can be hijacked through content they read.",
                0.70, day(0, 10), Map.of(SECURITY, 0.9, DEVELOPERS, 0.4), "Gazette"));
        week.add(story(12, "Ransomware group clones executive voices to reset help-desk passwords",
                "Authorities warned that attackers use voice clones of executives to talk help desks into credential resets.",
                0.66, day(3, 10), Map.of(SECURITY, 0.9), "Journal"));
        week.add(story(13, "Poisoned model files found on a public model hub",
                "Dozens of model repositories contained code that runs when the file is loaded.",
                0.60, day(5, 10), Map.of(SECURITY, 0.8, DEVELOPERS, 0.5), "Daily"));

        week.add(story(21, "Quillstack SDK 4 adds typed tool calling for every provider",
                "Quillstack SDK 4 gives developers one typed tool-calling interface across model providers.",
                0.80, day(2, 10), Map.of(DEVELOPERS, 0.9), "Wire"));
        week.add(story(22, "Quillstack SDK 4 migration guide warns of breaking changes",
                "The Quillstack team published a migration guide listing the breaking changes between SDK 3 and SDK 4.",
                0.79, day(2, 14), Map.of(DEVELOPERS, 0.9), "Blog"));
        week.add(story(23, "Quillstack SDK 4 streams structured output to user interfaces",
                "Structured output in Quillstack SDK 4 can be streamed so interfaces render partial results.",
                0.78, day(3, 9), Map.of(DEVELOPERS, 0.9), "Daily"));
        week.add(story(24, "Benchmarks: Quillstack SDK 4 halves tool-call latency",
                "Independent benchmarks found Quillstack SDK 4 answers tool calls in half the time of SDK 3.",
                0.78, day(3, 16), Map.of(DEVELOPERS, 0.9), "Post"));
        week.add(story(25, "Quillstack SDK 4 drops support for Python 3.8",
                "Quillstack SDK 4 requires Python 3.9 or newer, the release notes say.",
                0.77, day(4, 9), Map.of(DEVELOPERS, 0.9), "Tribune"));

        week.add(story(31, "Helix Forge ships its agentic coding IDE out of beta",
                "Helix Forge's IDE is generally available, with a review-first workflow for generated changes.",
                0.66, day(3, 12), Map.of(DEVELOPERS, 0.9), "Gazette"));
        week.add(story(32, "Arclight releases an open-source ternary quantization toolkit",
                "A new toolkit converts trained models to ternary weights with modest quality loss.",
                0.64, day(0, 15), Map.of(DEVELOPERS, 0.85, RESEARCH, 0.6), "Journal"));
        week.add(story(33, "Sableworks open-sources an on-device speech recogniser",
                "Sableworks released a small speech recognition model that runs offline on phones.",
                0.62, day(5, 16), Map.of(DEVELOPERS, 0.85), "Daily"));
        week.add(story(34, "Tessellate unveils T9 inference accelerator with its own compiler",
                "Tessellate announced the T9 inference chip and a compiler for popular open model formats.",
                0.63, day(1, 17), Map.of(DEVELOPERS, 0.8), "Wire"));
        week.add(story(35, "Postgres 19 beta brings built-in vector search",
                "The first beta of Postgres 19 adds an index type for vector similarity search.",
                0.63, day(4, 14), Map.of(DEVELOPERS, 0.85), "Gazette"));
        week.add(story(36, "Browser vendors agree on a WebGPU compute baseline",
                "Four browser engines committed to a common set of WebGPU compute features for next year.",
                0.62, day(4, 10), Map.of(DEVELOPERS, 0.85), "Post"));
        week.add(story(37, "Kernel maintainers adopt a policy for machine-generated patches",
                "Linux kernel maintainers now require disclosure when a patch was written with an AI assistant.",
                0.64, day(3, 18), Map.of(DEVELOPERS, 0.8, SECURITY, 0.3), "Journal"));

        week.add(story(41, "Mixture-of-experts routing cuts training compute by 40%",
                "Researchers report a routing method that reaches baseline quality with less training compute.",
                0.65, day(3, 8), Map.of(RESEARCH, 0.9), "Journal"));
        week.add(story(42, "Long-context models degrade past 200K tokens, benchmark finds",
                "Multi-fact reasoning accuracy drops sharply beyond about 200K tokens for most models.",
                0.62, day(2, 13), Map.of(RESEARCH, 0.9, DEVELOPERS, 0.3), "Post"));
        week.add(story(43, "Chain-of-thought monitors miss a third of reward hacking",
                "Reasoning-trace monitors catch most but not all reward hacking, a study finds.",
                0.60, day(4, 11), Map.of(RESEARCH, 0.9), "Gazette"));
        return week;
    }

    static Instant day(int day, int hour) {
        return MONDAY.plus(Duration.ofDays(day)).plus(Duration.ofHours(hour));
    }

    static Story story(long id, String title, String summary, double importance, Instant publishedAt,
            Map<Long, Double> audienceWeights, String... sourceNames) {
        String url = "https://news.example/stories/" + id;
        List<Story.StorySource> sources = new ArrayList<>();
        for (String name : sourceNames) {
            sources.add(new Story.StorySource(name, url));
        }
        return new Story(id, url, title, TitleKeys.of(title), summary, sourceNames[0], publishedAt, false,
                publishedAt.plus(Duration.ofMinutes(5)), new Tldr(summary, null, null), importance, List.of(),
                audienceWeights, List.copyOf(sources));
    }
}
