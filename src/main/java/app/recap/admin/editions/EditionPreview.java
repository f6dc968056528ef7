package app.recap.admin.editions;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import app.recap.edition.IsoWeek;
import app.recap.edition.RenderedDigest;
import app.recap.ranking.RankedStory;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * The coming edition of a list for any audience combination, rendered by the same renderer and templates as the
 * email, with each story's rank score and its explanation. Previewing collects and ranks the week's stories the
 * way the weekly job's first steps do; an edition whose content is frozen (being sent, or sent) is shown as it is.
 */
@Service
class EditionPreview {

    /** Sample personal values: what a subscriber called Alex would see. */
    static final String SAMPLE_NAME = "Alex";

    /** A story of a section with its score. */
    record ScoredStory(long id, String title, String url, double score, String explanation) {
    }

    record Section(String audienceSlug, String audienceName, boolean lead, List<ScoredStory> stories) {
    }

    /**
     * @param audiences the combination previewed, in order
     * @param offered   what the list offers (all audiences when it offers none), for choosing another combination
     */
    record Preview(NewsletterList list, IsoWeek week, Edition edition, List<Audience> audiences,
            List<Audience> offered, RenderedDigest digest, List<Section> sections) {
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

    EditionPreview(ListRepository lists, AudienceRepository audiences, EditionBuilder builder,
            EditionRepository editions, EditionSnapshots snapshots, DigestRenderer renderer, TestMessages testMessages,
            RecapProperties recap, AuditLog audit, Clock clock) {
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
        Edition edition = builder.collect(list, isoWeek);
        builder.rank(list, edition);
        EditionSnapshot snapshot = snapshots.load(edition.id());
        List<Long> ids = chosen.stream().map(Audience::id).toList();
        RenderedDigest digest = renderer.render(snapshot, ids, new DigestView.Personal(SAMPLE_NAME,
                recap.link("/u/preview"), recap.link("/p/preview"), null));
        return new Preview(list, isoWeek, snapshot.edition(), chosen, offered, digest,
                scored(edition.id(), snapshot.sectionsFor(ids)));
    }

    /** Sends the previewed edition to an address, composed as the weekly job composes it. */
    String sendTest(String listSlug, String week, List<String> audienceSlugs, String to) {
        Preview preview = preview(listSlug, week, audienceSlugs);
        if (preview.digest().storyCount() == 0) {
            throw AdminProblem.conflict("This combination has no stories in " + preview.week() + "; nothing to send.");
        }
        try {
            String messageId = testMessages.send(snapshots.load(preview.edition().id()),
                    preview.audiences().stream().map(Audience::id).toList(), to, SAMPLE_NAME);
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

    private List<Section> scored(long editionId, List<DigestView.Section> sections) {
        Map<Long, List<RankedStory>> ranking = editions.ranking(editionId);
        Map<String, Long> idBySlug = audiences.idsBySlug();
        List<Section> result = new ArrayList<>();
        List<RankedStory> lead = editions.lead(editionId);
        for (DigestView.Section section : sections) {
            // the lead section's stories are scored in the lead ranking, the others in their audience's
            List<RankedStory> source = section.lead() ? lead
                    : ranking.getOrDefault(idBySlug.get(section.audienceSlug()), List.of());
            Map<Long, RankedStory> ranked = source.stream()
                    .collect(Collectors.toMap(RankedStory::storyId, Function.identity(), (a, b) -> a));
            result.add(new Section(section.audienceSlug(), section.audienceName(), section.lead(), section.stories().stream()
                    .map(s -> {
                        RankedStory r = ranked.get(s.id());
                        return new ScoredStory(s.id(), s.title(), s.url(), r == null ? 0 : r.score(),
                                r == null ? "" : r.explanation());
                    }).toList()));
        }
        return result;
    }
}
