package app.recap.admin.editions;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import app.recap.RecapProperties;
import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.delivery.MailRelayException;
import app.recap.delivery.TestMessages;
import app.recap.edition.DigestRenderer;
import app.recap.edition.DigestView;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.EditionStatus;
import app.recap.edition.SendDecision;
import app.recap.edition.Steering;
import app.recap.edition.IsoWeek;
import app.recap.edition.RenderedDigest;
import app.recap.ranking.RankedStory;
import app.recap.ranking.ScoreParts;
import app.recap.story.Story;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;

/**
 * The coming edition of a list for any audience combination, rendered by the same renderer and templates as the
 * email, with each story's rank score and its explanation. Previewing collects and ranks the week's stories the
 * way the weekly job's first steps do; an edition whose content is frozen (being sent, or sent) is shown as it is.
 */
@Service
class EditionPreview {

    /** Sample personal values: what a subscriber called Alex would see. */
    static final String SAMPLE_NAME = "Alex";

    /**
     * A story of a section with its score.
     *
     * @param explanation the ranking's formula
     * @param why         the same in words, or the editor's pin
     */
    record ScoredStory(long id, String title, String url, double score, String explanation, String why) {
    }

    record Section(String audienceSlug, String audienceName, boolean lead, List<ScoredStory> stories) {
    }

    /**
     * @param audiences the combination previewed, in order
     * @param offered   what the list offers (all audiences when it offers none), for choosing another combination
     */
    /**
     * @param reach    subscribers who chose exactly this combination (for all the list offers: also those who chose
     *                 none)
     * @param notSent  why the edition would not be sent at all (a thin week), or why this combination gets no email;
     *                 null when it would be sent
     */
    record Preview(NewsletterList list, IsoWeek week, Edition edition, List<Audience> audiences,
            List<Audience> offered, RenderedDigest digest, List<Section> sections, long reach, String notSent) {
    }

    private final ListRepository lists;
    private final AudienceRepository audiences;
    private final EditionBuilder builder;
    private final EditionRepository editions;
    private final EditionSnapshots snapshots;
    private final DigestRenderer renderer;
    private final TestMessages testMessages;
    private final RecapProperties recap;
    private final AuditLog audit;
    private final Clock clock;
    private final SubscriberRepository subscribers;

    EditionPreview(ListRepository lists, AudienceRepository audiences, EditionBuilder builder,
            EditionRepository editions, EditionSnapshots snapshots, DigestRenderer renderer, TestMessages testMessages,
            RecapProperties recap, AuditLog audit, Clock clock, SubscriberRepository subscribers) {
        this.subscribers = subscribers;
        this.lists = lists;
        this.audiences = audiences;
        this.builder = builder;
        this.editions = editions;
        this.snapshots = snapshots;
        this.renderer = renderer;
        this.testMessages = testMessages;
        this.recap = recap;
        this.audit = audit;
        this.clock = clock;
    }

    /** The week whose edition is being put together now: the current ISO week in the list's time zone. */
    IsoWeek comingWeek(NewsletterList list) {
        return IsoWeek.of(LocalDate.now(clock.withZone(list.timeZone())));
    }

    /**
     * @param week          null for the coming week
     * @param audienceSlugs null or empty for all the list offers
     */
    Preview preview(String listSlug, String week, List<String> audienceSlugs) {
        NewsletterList list = lists.findBySlug(listSlug).orElseThrow(() -> AdminProblem.notFound("list " + listSlug));
        IsoWeek isoWeek = week(list, week);
        List<Audience> offered = offered(list);
        List<Audience> chosen = chosen(offered, audienceSlugs);
        Edition edition = editions.find(list.id(), isoWeek).orElse(null);
        if (edition == null || !(edition.status() == EditionStatus.SKIPPED || edition.status().contentFrozen())) {
            // a skipped edition keeps its status and reason until an editor builds it again; while a run of the
            // week is going, the edition is shown as the run built it
            edition = builder.rebuildUnlessRunning(list, isoWeek)
                    .orElseGet(() -> editions.findOrCreate(list.id(), isoWeek, clock.instant()));
        }
        EditionSnapshot snapshot = snapshots.load(edition.id());
        List<Long> ids = chosen.stream().map(Audience::id).toList();
        RenderedDigest digest = renderer.render(snapshot, ids, new DigestView.Personal(SAMPLE_NAME,
                recap.link("/u/preview"), recap.link("/p/preview"), null));
        return new Preview(list, isoWeek, snapshot.edition(), chosen, offered, digest,
                scored(snapshot, ids), reach(list, offered, ids), notSent(snapshot.edition(), digest));
    }

    /**
     * Sends the previewed edition to an address, composed as the weekly job composes it, marked {@code [TEST]} and
     * greeting nobody by a sample name (it goes to the admin, not to a reader).
     */
    String sendTest(String listSlug, String week, List<String> audienceSlugs, String to) {
        Preview preview = preview(listSlug, week, audienceSlugs);
        if (preview.digest().storyCount() == 0) {
            throw AdminProblem.conflict("This combination has no stories in " + preview.week() + "; nothing to send.");
        }
        try {
            String messageId = testMessages.send(snapshots.load(preview.edition().id()),
                    preview.audiences().stream().map(Audience::id).toList(), to, null);
            audit.record("edition.test", "list", listSlug, "week=" + preview.week() + " to=" + to + " audiences="
                    + preview.audiences().stream().map(Audience::slug).toList());
            return messageId;
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("to", e.getMessage());
        } catch (MailRelayException e) {
            throw new AdminProblem(HttpStatus.BAD_GATEWAY,
                    "The mail relay did not take the test message: " + e.getMessage(), Map.of());
        }
    }

    private IsoWeek week(NewsletterList list, String week) {
        if (week == null || week.isBlank()) {
            return comingWeek(list);
        }
        try {
            return IsoWeek.parse(week);
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid("week", e.getMessage());
        }
    }

    List<Audience> offered(NewsletterList list) {
        List<Audience> all = audiences.findAll();
        List<Long> offered = lists.offeredAudienceIds(list.id());
        if (offered.isEmpty()) {
            return all;
        }
        Map<Long, Audience> byId = all.stream().collect(Collectors.toMap(Audience::id, Function.identity()));
        return offered.stream().map(byId::get).toList();
    }

    private static List<Audience> chosen(List<Audience> offered, List<String> slugs) {
        if (slugs == null || slugs.stream().allMatch(s -> s == null || s.isBlank())) {
            return offered;
        }
        Map<String, Audience> bySlug = offered.stream()
                .collect(Collectors.toMap(Audience::slug, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        List<Audience> chosen = new ArrayList<>();
        for (String slug : slugs) {
            if (slug == null || slug.isBlank()) {
                continue;
            }
            Audience audience = bySlug.get(slug.strip());
            if (audience == null) {
                throw AdminProblem.invalid("audiences", "the list offers no audience " + slug);
            }
            if (!chosen.contains(audience)) {
                chosen.add(audience);
            }
        }
        return chosen;
    }

    private List<Section> scored(EditionSnapshot snapshot, List<Long> audienceIds) {
        long editionId = snapshot.edition().id();
        Map<Long, List<RankedStory>> ranking = editions.ranking(editionId);
        Map<String, Long> idBySlug = audiences.idsBySlug();
        Map<Long, Audience> byId = audiences.findAll().stream()
                .collect(Collectors.toMap(Audience::id, Function.identity()));
        Map<Long, List<String>> alsoIn = editions.alsoIn(editionId);
        Steering steering = snapshot.steering();
        List<Section> result = new ArrayList<>();
        List<RankedStory> lead = editions.lead(editionId);
        for (DigestView.Section section : snapshot.sectionsFor(audienceIds)) {
            // the lead section's stories are scored in the lead ranking, the others in their audience's
            List<RankedStory> source = section.lead() ? lead
                    : ranking.getOrDefault(idBySlug.get(section.audienceSlug()), List.of());
            Map<Long, RankedStory> ranked = source.stream()
                    .collect(Collectors.toMap(RankedStory::storyId, Function.identity(), (a, b) -> a));
            String name = section.lead() ? "Top stories" : section.audienceName();
            List<ScoredStory> scoredStories = new ArrayList<>();
            int position = 1;
            for (DigestView.StoryView s : section.stories()) {
                RankedStory r = ranked.get(s.id());
                Steering.Pick pick = steering.pick(s.id()).orElse(null);
                String pinnedTo = pick == null || pick.action() != Steering.Action.PIN ? null
                        : pick.audienceId() == null ? "Top stories"
                                : byId.containsKey(pick.audienceId()) ? byId.get(pick.audienceId()).displayName()
                                        : "a section";
                String why = r == null && pinnedTo == null ? "#" + position + " in " + name
                        : ReasonInWords.of(r == null ? unranked(s.id()) : r, position, name, pick, pinnedTo,
                                alsoIn.getOrDefault(s.id(), List.of()).size() + 1,
                                id -> Optional.ofNullable(snapshot.story(id)).map(Story::title).orElse(null));
                scoredStories.add(new ScoredStory(s.id(), s.title(), s.url(), r == null ? 0 : r.score(),
                        r == null ? "" : r.explanation(), why));
                position++;
            }
            result.add(new Section(section.audienceSlug(), section.audienceName(), section.lead(), scoredStories));
        }
        return result;
    }

    private static RankedStory unranked(long storyId) {
        return new RankedStory(storyId, 0, new ScoreParts(0, 0, 0, 0, 0), 0, null, 0, "");
    }

    /** Subscribers whose chosen combination is exactly this one; "all the list offers" also counts those who chose none. */
    private long reach(NewsletterList list, List<Audience> offered, List<Long> ids) {
        Map<String, Long> byKey = subscribers.reachByAudienceKey(list.id(), clock.instant());
        String key = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        long reach = byKey.getOrDefault(key, 0L);
        if (ids.equals(offered.stream().map(Audience::id).toList())) {
            reach += byKey.getOrDefault("", 0L);
        }
        return reach;
    }

    private String notSent(Edition edition, RenderedDigest digest) {
        if (edition.status() == EditionStatus.SKIPPED) {
            return "This edition was skipped and will not be sent" + (edition.note() == null ? "" : ": "
                    + edition.note()) + ". Build it again once more stories have arrived.";
        }
        if (!edition.status().contentFrozen()) {
            SendDecision decision = builder.sendable(edition);
            if (!decision.sendable()) {
                return "This edition would not be sent: " + decision.reason() + ".";
            }
        }
        if (digest.storyCount() == 0) {
            return "This combination has no stories this week: subscribers who chose it get no email.";
        }
        return null;
    }
}
