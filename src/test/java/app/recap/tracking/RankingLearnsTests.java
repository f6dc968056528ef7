package app.recap.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import app.recap.audience.Audience;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.IsoWeek;
import app.recap.ranking.AudienceReading;
import app.recap.ranking.RankedStory;
import app.recap.ranking.Ranking;
import app.recap.ranking.ReadingHistory;
import app.recap.ranking.StoryCluster;
import app.recap.ranking.StoryRanker;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.Story;
import app.recap.story.Tldr;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriptionStatus;

/**
 * The replay: four weeks in which the security section's readers click only security stories and the developers'
 * only tooling stories, through the real {@code /r/} links of the real digests; in week five security stories rise
 * for the first audience and not for the second, and sections stay diverse. With no clicks nothing changes.
 */
class RankingLearnsTests extends TrackingTestBase {

    private static final Logger log = LoggerFactory.getLogger(RankingLearnsTests.class);
    private static final String SECURITY = "Enterprise & Security Teams";
    private static final String DEVELOPERS = "Developers & Engineers";
    private static final String[] PRODUCTS = {"Kestrel", "Marlin", "Osprey", "Heron", "Plover", "Avocet", "Dunlin",
            "Curlew", "Godwit", "Merlin", "Shrike", "Linnet", "Siskin", "Bunting", "Pipit", "Wagtail", "Starling",
            "Fieldfare", "Redwing", "Lapwing", "Petrel", "Gannet", "Puffin", "Tern", "Skua"};
    private static final String[] TOOLS = {"Quarry", "Lathe", "Chisel", "Anvil", "Trowel", "Mallet", "Auger",
            "Bradawl", "Spokeshave", "Gimlet", "Rasp", "Plane", "Vise", "Clamp", "Level", "Router", "Jigsaw", "Bevel",
            "Caliper", "Awl", "Scribe", "Punch", "Sander", "Drill", "Reamer"};
    private static final String[] SEC_PHRASES = {"flaw lets attackers read {0} mailboxes",
            "update hardens {0} login pages", "advisory warns of {0} ransomware wave", "audit finds weak {0} passwords",
            "researchers expose {0} firmware backdoor"};
    private static final String[] TOOL_PHRASES = {"adds {0} plugin support", "speeds up {0} compiles",
            "release brings {0} debugger", "drops legacy {0} interfaces", "gains {0} template wizard"};
    private static final String[] NEUTRAL = {"Cloud prices rise in {0} region", "{0} datacentre opens near coast",
            "Chipmaker {0} reports quarterly earnings", "{0} startup raises seed round"};
    private static final String[] PLACES = {"Northfield", "Eastmoor", "Westvale", "Southport", "Highbury",
            "Lowther", "Ashby", "Brockley", "Carrow", "Denholm", "Elstow", "Farley", "Garth", "Hale", "Ibstock",
            "Jarrow", "Kirby", "Lydd", "Morley", "Nairn"};

    @Autowired EditionBuilder builder;
    @Autowired EditionRepository editions;
    @Autowired StoryRanker ranker;
    @Autowired ReadingHistory history;

    private static boolean security(String title) {
        return title.contains("security");
    }

    private static boolean tooling(String title) {
        return title.contains("toolkit");
    }

    @Test
    void readersClicksTeachEachAudiencesSectionWhatItReads() throws Exception {
        Audience sec = world.audience("enterprise-security-teams");
        Audience dev = world.audience("developers-engineers");
        NewsletterList list = replayList("learns", sec, dev);
        List<IsoWeek> weeks = List.of(IsoWeek.parse("2026-W40"), IsoWeek.parse("2026-W41"), IsoWeek.parse("2026-W42"),
                IsoWeek.parse("2026-W43"));
        for (int w = 0; w < weeks.size(); w++) {
            storiesOf(weeks.get(w), w, "learns");
            send(list, weeks.get(w));
            clock.advance(Duration.ofHours(2));
            for (int r = 0; r < 6; r++) {
                click("learns-sec" + r + "@example.com", "203.0.113." + (10 + r), RankingLearnsTests::security);
                click("learns-dev" + r + "@example.com", "203.0.113." + (40 + r), RankingLearnsTests::tooling);
            }
        }
        IsoWeek five = IsoWeek.parse("2026-W44");
        storiesOf(five, 4, "learns");
        clock.set(five.end(ZoneId.of("UTC")).plus(Duration.ofHours(9)));
        Edition edition = builder.collect(list, five);
        Map<Long, AudienceReading> reading = history.recent(list.id(), edition.id(), 8);
        assertThat(reading).containsKeys(sec.id(), dev.id());

        Map<Long, List<RankedStory>> after = builder.rank(list, edition);
        Ranking before = ranker.rank(clusters(list, five), Map.of(), five.end(list.timeZone()),
                List.of(sec.id(), dev.id()));
        Map<Long, String> titles = titles(after, before);

        double secBefore = meanRank(before.byAudience().get(sec.id()), titles, RankingLearnsTests::security);
        double secAfter = meanRank(after.get(sec.id()), titles, RankingLearnsTests::security);
        double devBefore = meanRank(before.byAudience().get(dev.id()), titles, RankingLearnsTests::security);
        double devAfter = meanRank(after.get(dev.id()), titles, RankingLearnsTests::security);
        print(SECURITY, before.byAudience().get(sec.id()), after.get(sec.id()), titles);
        print(DEVELOPERS, before.byAudience().get(dev.id()), after.get(dev.id()), titles);
        log.info("replay: mean rank of security stories, {}: {} before, {} after; {}: {} before, {} after",
                SECURITY, fmt(secBefore), fmt(secAfter), DEVELOPERS, fmt(devBefore), fmt(devAfter));

        assertThat(secAfter).as("security stories rise for the security audience").isLessThan(secBefore - 1);
        assertThat(security(titles.get(after.get(sec.id()).get(0).storyId())))
                .as("a security story now leads the security section").isTrue();
        assertThat(devAfter).as("and not for developers").isGreaterThanOrEqualTo(devBefore);
        assertThat(after.get(sec.id()).get(0).parts().engagement()).isPositive();
        assertThat(after.get(sec.id()).get(0).explanation()).contains("·engagement +").contains("engagement: source ");

        // diversity still holds: the five shown are not all security stories, and maximal marginal relevance still
        // places a less alike story above a higher-scored one
        List<RankedStory> shown = after.get(sec.id()).subList(0, 5);
        assertThat(shown.stream().filter(r -> !security(titles.get(r.storyId())))).as("variety in the section")
                .isNotEmpty();
        boolean reordered = false;
        for (int i = 1; i < shown.size(); i++) {
            reordered |= shown.get(i).score() > shown.get(i - 1).score();
        }
        assertThat(reordered).as("diversity re-ranking still at work").isTrue();
    }

    @Test
    void withoutClicksEditionsRankExactlyAsBefore() throws Exception {
        Audience sec = world.audience("enterprise-security-teams");
        Audience dev = world.audience("developers-engineers");
        NewsletterList list = replayList("cold", sec, dev);
        IsoWeek one = IsoWeek.parse("2026-W36");
        storiesOf(one, 0, "cold");
        send(list, one);
        IsoWeek two = IsoWeek.parse("2026-W37");
        storiesOf(two, 1, "cold");
        clock.set(two.end(ZoneId.of("UTC")).plus(Duration.ofHours(9)));
        Edition edition = builder.collect(list, two);
        assertThat(history.recent(list.id(), edition.id(), 8)).as("impressions, but not one click").isNotEmpty();

        Map<Long, List<RankedStory>> learned = builder.rank(list, edition);
        Ranking plain = ranker.rank(clusters(list, two), Map.of(), two.end(list.timeZone()),
                List.of(sec.id(), dev.id()));
        assertThat(learned).isEqualTo(plain.byAudience());
        assertThat(editions.lead(edition.id())).isEqualTo(plain.lead());
        assertThat(learned.values().stream().flatMap(List::stream))
                .allSatisfy(r -> assertThat(r.parts().engagement()).isZero());
    }

    private NewsletterList replayList(String slug, Audience sec, Audience dev) {
        NewsletterList list = lists.create(new NewsletterList(0, slug, "Replay " + slug, "Recap", "digest@recap.example",
                null, "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, false,
                false), List.of(sec.id(), dev.id()), Instant.parse("2026-09-01T00:00:00Z"));
        for (int r = 0; r < 6; r++) {
            subscribers.subscribe(list.id(), slug + "-sec" + r + "@example.com", null, "UTC", List.of(sec.id()),
                    SubscriptionStatus.CONFIRMED, Instant.parse("2026-09-01T00:00:00Z"));
            subscribers.subscribe(list.id(), slug + "-dev" + r + "@example.com", null, "UTC", List.of(dev.id()),
                    SubscriptionStatus.CONFIRMED, Instant.parse("2026-09-01T00:00:00Z"));
        }
        return list;
    }

    /**
     * Five security stories (lowly rated by the aggregator), five tooling stories and four others, each relevant to
     * both audiences: before any click, tooling and other stories rank above security in both sections.
     */
    private void storiesOf(IsoWeek week, int w, String prefix) {
        Instant monday = week.start(ZoneId.of("UTC"));
        List<IncomingStory> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String product = PRODUCTS[(w * 5 + i) % PRODUCTS.length];
            String place = PLACES[(w * 5 + i) % PLACES.length];
            made.add(story(prefix, week, "sec" + i, product + " security "
                    + SEC_PHRASES[(w + i) % SEC_PHRASES.length].replace("{0}", place), "Shield Weekly",
                    monday.plus(Duration.ofHours(20 + 14 * i)), 0.35, 0.8, 0.6));
            String tool = TOOLS[(w * 5 + i) % TOOLS.length];
            made.add(story(prefix, week, "dev" + i, tool + " toolkit "
                    + TOOL_PHRASES[(w + i) % TOOL_PHRASES.length].replace("{0}", PRODUCTS[(w * 5 + i + 7)
                            % PRODUCTS.length]), "Toolbench", monday.plus(Duration.ofHours(22 + 14 * i)), 0.7, 0.6,
                    0.8));
        }
        for (int i = 0; i < NEUTRAL.length; i++) {
            made.add(story(prefix, week, "other" + i, NEUTRAL[i].replace("{0}", PLACES[(w * 4 + i + 3) % PLACES.length]),
                    "Cloud Ledger", monday.plus(Duration.ofHours(30 + 20 * i)), 0.75, 0.7, 0.7));
        }
        made.forEach(s -> stories.save(s, monday));
    }

    private static IncomingStory story(String prefix, IsoWeek week, String id, String title, String source,
            Instant published, double importance, double security, double developers) {
        // no summary: the titles alone must tell the stories apart (a shared lede would merge them)
        return new IncomingStory("https://" + prefix + ".example/" + week + "/" + id, title, null, source, null,
                published, new Tldr(null, null, null), List.of(),
                List.of(new AudienceWeight(SECURITY, security), new AudienceWeight(DEVELOPERS, developers)),
                importance, false);
    }

    private void send(NewsletterList list, IsoWeek week) throws Exception {
        clock.set(week.end(ZoneId.of("UTC")).plus(Duration.ofHours(9)));
        assertThat(weeklyDigest.run(list.slug(), week).jobStatus()).isEqualTo("COMPLETED");
    }

    /** A reader opens their latest digest and follows the story links whose title they care about. */
    private void click(String address, String ip, Predicate<String> interesting) throws Exception {
        List<MimeMessage> received = messagesTo(address);
        String text = part(received.get(received.size() - 1), "text/plain");
        String title = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("* ")) {
                title = line.substring(2);
            } else if (line.strip().startsWith(BASE_URL + "/r/") && title != null && interesting.test(title)) {
                int status = mvc.perform(get(path(line.strip())).header("User-Agent", "Mozilla/5.0 Firefox/128.0")
                        .with(r -> {
                            r.setRemoteAddr(ip);
                            return r;
                        })).andReturn().getResponse().getStatus();
                assertThat(status).isEqualTo(302);
                clock.advance(Duration.ofSeconds(40));
            }
        }
    }

    private List<StoryCluster> clusters(NewsletterList list, IsoWeek week) {
        // the collect step's own merge of the week's stories (deterministic)
        return ranker.collapse(stories.findPublishedBetween(week.start(list.timeZone()), week.end(list.timeZone())));
    }

    private Map<Long, String> titles(Map<Long, List<RankedStory>> after, Ranking before) {
        List<Long> ids = new ArrayList<>();
        after.values().forEach(l -> l.forEach(r -> ids.add(r.storyId())));
        before.lead().forEach(r -> ids.add(r.storyId()));
        Map<Long, String> titles = new HashMap<>();
        for (Story s : stories.findAllById(ids.stream().distinct().toList())) {
            titles.put(s.id(), s.title());
        }
        return titles;
    }

    /** 1-based mean position of the matching stories in a section's ranking. */
    private static double meanRank(List<RankedStory> ranked, Map<Long, String> titles, Predicate<String> which) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < ranked.size(); i++) {
            if (which.test(titles.get(ranked.get(i).storyId()))) {
                sum += i + 1;
                n++;
            }
        }
        assertThat(n).as("matching stories in the section").isPositive();
        return sum / n;
    }

    private static void print(String audience, List<RankedStory> before, List<RankedStory> after,
            Map<Long, String> titles) {
        StringBuilder out = new StringBuilder("replay week five, section " + audience + " (before → after):");
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            out.append(String.format(Locale.ROOT, "%n  %2d. %-58s | %-58s", i + 1,
                    i < before.size() ? label(before.get(i), titles) : "",
                    i < after.size() ? label(after.get(i), titles) : ""));
        }
        log.info(out.toString());
    }

    private static String label(RankedStory r, Map<Long, String> titles) {
        return String.format(Locale.ROOT, "%.3f %+.2f %s", r.score(), r.parts().engagement(),
                titles.get(r.storyId()));
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
