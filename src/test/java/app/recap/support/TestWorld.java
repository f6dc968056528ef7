package app.recap.support;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.story.AudienceWeight;
import app.recap.story.IncomingStory;
import app.recap.story.StoryRepository;
import app.recap.story.Tldr;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;

/**
 * Builds a known world through the real repositories: six audiences, stories of ISO week 2026-W48 (and two of
 * the week before), and lists whose subscribers chose known audiences.
 */
public final class TestWorld {

    public static final String WEEK = "2026-W48";
    public static final String[][] AUDIENCES = {
            {"enterprise-security-teams", "Enterprise & Security Teams"},
            {"developers-engineers", "Developers & Engineers"},
            {"researchers-academics", "Researchers & Academics"},
            {"founders-investors", "Founders & Investors"},
            {"policy-legal-teams", "Policy & Legal Teams"},
            {"product-design-leaders", "Product & Design Leaders"}};

    private final AudienceRepository audiences;
    private final ListRepository lists;
    private final SubscriberRepository subscribers;
    private final StoryRepository stories;
    private final Map<String, Audience> bySlug = new LinkedHashMap<>();

    public TestWorld(AudienceRepository audiences, ListRepository lists, SubscriberRepository subscribers,
            StoryRepository stories) {
        this.audiences = audiences;
        this.lists = lists;
        this.subscribers = subscribers;
        this.stories = stories;
    }

    /** Audiences and the week's stories; safe to call again (stories are recognised by URL). */
    public TestWorld withStories() {
        for (String[] a : AUDIENCES) {
            bySlug.put(a[0], audiences.ensure(a[0], a[1], "About " + a[1], List.of()));
        }
        Instant monday = Instant.parse("2026-11-23T09:00:00Z");
        int n = 0;
        for (String[] a : AUDIENCES) {
            for (int i = 0; i < 6; i++) {
                n++;
                String secondary = AUDIENCES[(n + 1) % AUDIENCES.length][1];
                stories.save(new IncomingStory("https://news.example/2026/w48/story-" + n,
                        title(n),
                        "Summary of story " + n + ".", i % 2 == 0 ? "Wire One" : "Wire Two", null,
                        monday.plusSeconds(3600L * 7 * n % (6 * 86400)),
                        new Tldr("Change " + n + ".", "Matters " + n + ".", "Next " + n + "."),
                        List.of("Takeaway " + n + "a", "Takeaway " + n + "b"),
                        List.of(new AudienceWeight(a[1], 0.9 - i * 0.1), new AudienceWeight(secondary, 0.3)),
                        0.3 + (i % 3) * 0.2, false), monday);
            }
        }
        // last week's news must not appear
        stories.save(new IncomingStory("https://news.example/2026/w47/old", "Old story from last week", null,
                "Wire One", null, Instant.parse("2026-11-18T10:00:00Z"), new Tldr("Old.", null, null), List.of(),
                List.of(new AudienceWeight(AUDIENCES[0][1], 1.0)), 1.0, false), monday);
        return this;
    }

    private static final String[] WORDS = {"launches", "model", "chip", "agent", "policy", "fund", "audit",
            "breach", "toolkit", "benchmark", "dataset", "license", "robot", "cloud", "browser", "privacy", "court",
            "startup", "paper", "compiler", "vision", "speech", "search", "pricing", "outage", "merger", "standard",
            "grant", "sandbox", "router", "kernel", "camera", "payment", "tutor", "clinic", "factory", "satellite",
            "energy", "battery", "museum", "stadium"};

    /** Distinct titles: a unique company name and three words that rarely repeat together. */
    static String title(int n) {
        return "Company" + n + " " + WORDS[(n * 3) % WORDS.length] + " " + WORDS[(n * 7 + 1) % WORDS.length] + " "
                + WORDS[(n * 11 + 2) % WORDS.length];
    }

    public Audience audience(String slug) {
        return bySlug.get(slug);
    }

    /**
     * A list with {@code active} confirmed subscribers, plus two unsubscribed and one unconfirmed who must
     * receive nothing. Subscriber {@code i} follows 1..6 audiences starting at a rotating offset.
     */
    public NewsletterList listWithSubscribers(String slug, int active) {
        List<Long> all = bySlug.values().stream().map(Audience::id).toList();
        NewsletterList list = lists.findBySlug(slug).orElseGet(() -> lists.create(new NewsletterList(0, slug,
                "List " + slug, "Recap Test", "digest@recap.example", "editors@recap.example",
                "Recap Test Ltd, 1 Test Street, Bristol BS1 1AA, United Kingdom", DayOfWeek.MONDAY,
                LocalTime.of(8, 0), ZoneId.of("Europe/London"), Locale.ENGLISH, true, false), all,
                Instant.parse("2026-11-01T00:00:00Z")));
        Instant at = Instant.parse("2026-11-02T00:00:00Z");
        for (int i = 0; i < active + 3; i++) {
            SubscriptionStatus status = i < active ? SubscriptionStatus.CONFIRMED
                    : i < active + 2 ? SubscriptionStatus.UNSUBSCRIBED : SubscriptionStatus.UNCONFIRMED;
            subscribers.subscribe(list.id(), slug + "-reader" + i + "@example.com", i % 4 == 0 ? null : "Reader " + i,
                    "Europe/Berlin", choice(all, i), status, at);
        }
        return list;
    }

    /** The audiences subscriber {@code i} of a list follows, in their order. */
    public static List<Long> choice(List<Long> all, int i) {
        int count = 1 + i % all.size();
        List<Long> picked = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            picked.add(all.get((i * 5 + k) % all.size()));
        }
        return picked;
    }
}
