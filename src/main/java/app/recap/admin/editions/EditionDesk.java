package app.recap.admin.editions;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.audience.Audience;
import app.recap.delivery.DeliveryProgress;
import app.recap.delivery.DeliveryProperties;
import app.recap.delivery.SendCancellations;
import app.recap.delivery.SendProgress;
import app.recap.delivery.SendSchedule;
import app.recap.edition.DigestRenderer;
import app.recap.edition.DigestView;
import app.recap.edition.Edition;
import app.recap.edition.EditionBuilder;
import app.recap.edition.EditionRepository;
import app.recap.edition.EditionSnapshot;
import app.recap.edition.EditionSnapshots;
import app.recap.edition.EditionSteering;
import app.recap.edition.IsoWeek;
import app.recap.edition.SendDecision;
import app.recap.edition.Steering;
import app.recap.ranking.RankedStory;
import app.recap.story.Story;
import app.recap.story.StoryRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;

/**
 * The edition page's model: where one (list, week) edition stands, in words, with what happens next and what an
 * editor can do about it; and the editor's steering (pins, drops, the editor's note, the subject), each change
 * audited and refused once the edition's content is frozen.
 */
@Service
class EditionDesk {

    /** Where an edition stands, as the page words it. */
    enum Phase {
        /** No edition yet: nothing collected. */
        NOT_BUILT,
        /** Collected and ranked, worth sending, not sent yet. */
        BUILT,
        /** Collected and ranked, but the weekly job would skip it (a thin week). */
        WOULD_NOT_SEND,
        /** The weekly job skipped it (its reason in the note); it can be built again. */
        SKIPPED,
        /** A run is sending it now. */
        SENDING,
        /** Sent to everyone due so far; the rest wait for their time-zone slot. */
        WAITING,
        /** Deliveries are due but no run is sending them (a run stopped or failed): resume. */
        INTERRUPTED,
        /** Sent. */
        SENT
    }

    /**
     * One of the edition's relevant stories, where the all-audiences email places it.
     *
     * @param section  the section that shows it in an email with every audience, null when it is below the cut
     * @param position its place in that section, from 1
     * @param why      the reason for its place, in words
     * @param pick     the editor's pin or drop, null when none
     */
    record StoryRow(long storyId, String title, String url, String source, String section, int position, String why,
            Steering.Pick pick, String pinnedTo) {
    }

    /** An audience combination subscribers chose, how many it reaches, and what it would get. */
    record Combination(String key, List<Audience> audiences, List<String> slugs, long reach, int stories) {
    }

    /**
     * @param scheduleAhead whether the schedule is on and its send time for this week is still to come
     * @param cancelled     an admin's cancellation of this week's scheduled send, null when there is none
     */
    record State(NewsletterList list, IsoWeek week, Edition edition, Phase phase, String reason, Instant scheduledAt,
            boolean scheduleAhead, SendCancellations.Cancellation cancelled, long reach, SendProgress progress, boolean frozen, String running,
            List<StoryRow> stories, List<Audience> offered, Steering steering, String subject,
            List<Combination> combinations) {

        public boolean built() {
            return edition != null;
        }

        public boolean steerable() {
            return edition != null && !frozen;
        }

        public String noteMarkdown() {
            return steering.noteMarkdown() == null ? "" : steering.noteMarkdown();
        }

        /** When the schedule sends it, in the list's zone: "Monday 7 December 2026, 07:00 (Europe/Berlin)". */
        public String scheduledLabel() {
            return java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH)
                    .format(scheduledAt.atZone(list.timeZone())) + " (" + list.timeZone().getId() + ")";
        }

        /** Whether the schedule will send it: on, ahead, not cancelled, nothing sent yet. */
        public boolean scheduled() {
            return scheduleAhead && cancelled == null && !frozen;
        }

        /** When the scheduled send was cancelled, in the list's zone. */
        public String cancelledLabel() {
            return cancelled == null ? null : java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm",
                    Locale.ENGLISH).format(cancelled.at().atZone(list.timeZone()));
        }

        public String subjectOverride() {
            return steering.subject() == null ? "" : steering.subject();
        }
    }

    private final ListRepository lists;
    private final EditionRepository editions;
    private final EditionBuilder builder;
    private final EditionSnapshots snapshots;
    private final EditionSteering steering;
    private final EditionPreview previews;
    private final EditionRuns runs;
    private final DigestRenderer renderer;
    private final StoryRepository stories;
    private final SubscriberRepository subscribers;
    private final DeliveryProgress deliveries;
    private final DeliveryProperties delivery;
    private final AuditLog audit;
    private final SendCancellations cancellations;
    private final Clock clock;

    EditionDesk(ListRepository lists, EditionRepository editions, EditionBuilder builder, EditionSnapshots snapshots,
            EditionSteering steering, EditionPreview previews, EditionRuns runs, DigestRenderer renderer,
            StoryRepository stories, SubscriberRepository subscribers, DeliveryProgress deliveries,
            DeliveryProperties delivery, AuditLog audit, SendCancellations cancellations, Clock clock) {
        this.cancellations = cancellations;
        this.lists = lists;
        this.editions = editions;
        this.builder = builder;
        this.snapshots = snapshots;
        this.steering = steering;
        this.previews = previews;
        this.runs = runs;
        this.renderer = renderer;
        this.stories = stories;
        this.subscribers = subscribers;
        this.deliveries = deliveries;
        this.delivery = delivery;
        this.audit = audit;
        this.clock = clock;
    }

    State state(String listSlug, String week) {
        NewsletterList list = list(listSlug);
        IsoWeek isoWeek = EditionProgress.week(week);
        Optional<Edition> found = editions.find(list.id(), isoWeek);
        Instant scheduledAt = SendSchedule.sendInstant(list, isoWeek);
        List<Audience> offered = previews.offered(list);
        Map<String, Long> reachByKey = subscribers.reachByAudienceKey(list.id(), clock.instant());
        long reach = reachByKey.values().stream().mapToLong(Long::longValue).sum();
        String running = runs.runningNow(list, isoWeek);
        SendCancellations.Cancellation cancelled = cancellations.of(list.id(), isoWeek).orElse(null);
        if (found.isEmpty()) {
            return new State(list, isoWeek, null, Phase.NOT_BUILT, null, scheduledAt, scheduleAhead(scheduledAt),
                    cancelled, reach,
                    null, false, running, List.of(), offered, Steering.NONE, null, List.of());
        }
        Edition edition = found.get();
        SendProgress progress = deliveries.of(edition.id());
        Phase phase;
        String reason = null;
        switch (edition.status()) {
            case SKIPPED -> {
                phase = Phase.SKIPPED;
                reason = edition.note() != null ? edition.note() : builder.sendable(edition).reason();
            }
            case COLLECTED, RANKED -> {
                SendDecision decision = builder.sendable(edition);
                phase = decision.sendable() ? Phase.BUILT : Phase.WOULD_NOT_SEND;
                reason = decision.reason();
            }
            case SENT -> phase = Phase.SENT;
            default -> phase = running != null ? Phase.SENDING : progress.due() > 0 ? Phase.INTERRUPTED
                    : progress.scheduled() > 0 ? Phase.WAITING : Phase.SENDING;
        }
        EditionSnapshot snapshot = snapshots.load(edition.id());
        List<Long> offeredIds = offered.stream().map(Audience::id).toList();
        String subject = renderer.render(snapshot, offeredIds, DigestRenderer.PLACEHOLDERS).subject();
        return new State(list, isoWeek, edition, phase, reason, scheduledAt, scheduleAhead(scheduledAt), cancelled,
                phase == Phase.SENT || phase == Phase.SENDING || phase == Phase.WAITING ? progress.total() : reach,
                progress, edition.status().contentFrozen(), running, rows(snapshot, offered),
                offered, snapshot.steering(), subject, combinations(snapshot, offered, reachByKey));
    }

    private boolean scheduleAhead(Instant scheduledAt) {
        return delivery.scheduleEnabled() && scheduledAt.isAfter(clock.instant());
    }

    /**
     * Calls off the week's scheduled send (audited). Refused (409) when the schedule would not send it anyway: the
     * schedule is off, its send time has passed, the edition is being sent or was sent, or it is cancelled already.
     */
    SendCancellations.Cancellation cancelSchedule(String listSlug, String week, String by) {
        State state = state(listSlug, week);
        if (state.cancelled() != null) {
            throw AdminProblem.conflict("The scheduled send of " + state.week() + " was already cancelled by "
                    + state.cancelled().by() + ".");
        }
        if (state.frozen()) {
            throw AdminProblem.conflict("The edition " + state.week() + " is being sent or was sent; there is no "
                    + "scheduled send left to cancel.");
        }
        if (!state.scheduleAhead()) {
            throw AdminProblem.conflict("No schedule will send " + state.week() + " (the schedule is off, or its "
                    + "send time has passed): there is nothing to cancel.");
        }
        Instant now = clock.instant();
        cancellations.cancel(state.list().id(), state.week(), by, now);
        audit.record("edition.schedule.cancel", "edition", state.list().slug() + "/" + state.week(),
                "was due " + state.scheduledAt());
        return cancellations.of(state.list().id(), state.week()).orElseThrow();
    }

    /** Puts a cancelled week back on the schedule (audited); 409 when it was not cancelled. */
    void restoreSchedule(String listSlug, String week) {
        NewsletterList list = list(listSlug);
        IsoWeek isoWeek = EditionProgress.week(week);
        if (!cancellations.restore(list.id(), isoWeek)) {
            throw AdminProblem.conflict("The scheduled send of " + isoWeek + " is not cancelled.");
        }
        audit.record("edition.schedule.restore", "edition", list.slug() + "/" + isoWeek,
                "due " + SendSchedule.sendInstant(list, isoWeek));
    }

    /** Builds (or builds again) the edition from the week's stories; the editor's choices are kept. */
    Edition build(String listSlug, String week) {
        NewsletterList list = list(listSlug);
        IsoWeek isoWeek = EditionProgress.week(week);
        Edition edition = runs.rebuild(list, isoWeek);
        audit.record("edition.build", "edition", list.slug() + "/" + isoWeek,
                "stories=" + edition.storyCount() + " status=" + edition.status());
        return edition;
    }

    /**
     * Pins a story of the edition to the top of a section.
     *
     * @param section {@link EditionSnapshot#LEAD_SLUG} or null for the lead section, else an offered audience's slug
     */
    void pin(String listSlug, String week, long storyId, String section, String by) {
        Edition edition = steerable(listSlug, week);
        requireStory(edition, storyId);
        Long audienceId = null;
        String where = "lead";
        if (section != null && !section.isBlank() && !EditionSnapshot.LEAD_SLUG.equals(section)) {
            Audience audience = previews.offered(list(listSlug)).stream().filter(a -> a.slug().equals(section))
                    .findFirst().orElseThrow(() -> AdminProblem.invalid("section",
                            "the list offers no audience " + section));
            audienceId = audience.id();
            where = audience.slug();
        }
        Long target = audienceId;
        frozenIsConflict(() -> steering.pin(edition.id(), storyId, target, by));
        audit.record("edition.pin", "edition", listSlug + "/" + edition.week(), "story=" + storyId + " section="
                + where);
    }

    void drop(String listSlug, String week, long storyId, String by) {
        Edition edition = steerable(listSlug, week);
        requireStory(edition, storyId);
        frozenIsConflict(() -> steering.drop(edition.id(), storyId, by));
        audit.record("edition.drop", "edition", listSlug + "/" + edition.week(), "story=" + storyId);
    }

    void clear(String listSlug, String week, long storyId) {
        Edition edition = steerable(listSlug, week);
        frozenIsConflict(() -> steering.clear(edition.id(), storyId));
        audit.record("edition.unpick", "edition", listSlug + "/" + edition.week(), "story=" + storyId);
    }

    void editorial(String listSlug, String week, String note, String subject) {
        Edition edition = steerable(listSlug, week);
        try {
            frozenIsConflict(() -> steering.setEditorial(edition.id(), note, subject));
        } catch (IllegalArgumentException e) {
            throw AdminProblem.invalid(e.getMessage().contains("subject") ? "subject" : "note", e.getMessage());
        }
        audit.record("edition.editorial", "edition", listSlug + "/" + edition.week(),
                "note=" + (note == null || note.isBlank() ? "none" : note.strip().length() + " chars")
                        + " subject=" + (subject == null || subject.isBlank() ? "generated" : subject.strip()));
    }

    private Edition steerable(String listSlug, String week) {
        NewsletterList list = list(listSlug);
        IsoWeek isoWeek = EditionProgress.week(week);
        Edition edition = editions.find(list.id(), isoWeek)
                .orElseThrow(() -> AdminProblem.notFound("edition " + listSlug + " " + isoWeek));
        if (edition.status().contentFrozen()) {
            throw frozen(edition);
        }
        return edition;
    }

    private void requireStory(Edition edition, long storyId) {
        if (editions.lead(edition.id()).stream().noneMatch(r -> r.storyId() == storyId)) {
            throw AdminProblem.invalid("story", "story " + storyId + " is not one of this edition's stories");
        }
    }

    private static void frozenIsConflict(Runnable change) {
        try {
            change.run();
        } catch (EditionSteering.Frozen e) {
            throw AdminProblem.conflict("The edition is being sent or was sent; its content can no longer change.");
        }
    }

    private static AdminProblem frozen(Edition edition) {
        return AdminProblem.conflict("The edition " + edition.week() + " is " + edition.status().name().toLowerCase()
                + "; its content can no longer change.");
    }

    private NewsletterList list(String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> AdminProblem.notFound("list " + slug));
    }

    /** Every relevant story in lead order, with where the all-audiences email places it and why. */
    private List<StoryRow> rows(EditionSnapshot snapshot, List<Audience> offered) {
        long editionId = snapshot.edition().id();
        List<RankedStory> lead = editions.lead(editionId);
        Map<Long, List<RankedStory>> byAudience = editions.ranking(editionId);
        Map<Long, Story> byId = stories.findAllById(lead.stream().map(RankedStory::storyId).toList()).stream()
                .collect(Collectors.toMap(Story::id, Function.identity()));
        Map<Long, List<String>> alsoIn = editions.alsoIn(editionId);
        Map<Long, Audience> audiences = offered.stream().collect(Collectors.toMap(Audience::id, Function.identity()));
        Map<Long, Integer> sectionIndexOf = new HashMap<>();
        Map<Long, String> sectionOf = new HashMap<>();
        Map<Long, Integer> positionOf = new HashMap<>();
        Map<Long, Long> audienceOf = new HashMap<>();
        int sectionIndex = 0;
        for (DigestView.Section section : snapshot.sectionsFor(offered.stream().map(Audience::id).toList())) {
            int position = 1;
            sectionIndex++;
            for (DigestView.StoryView story : section.stories()) {
                sectionIndexOf.put(story.id(), sectionIndex);
                sectionOf.put(story.id(), section.lead() ? "Top stories" : section.audienceName());
                if (!section.lead()) {
                    audienceOf.put(story.id(), section.audienceId());
                }
                positionOf.put(story.id(), position++);
            }
        }
        Steering choices = snapshot.steering();
        List<StoryRow> rows = new ArrayList<>();
        for (RankedStory ranked : lead) {
            Story story = byId.get(ranked.storyId());
            if (story == null) {
                continue;
            }
            Steering.Pick pick = choices.pick(story.id()).orElse(null);
            String section = sectionOf.get(story.id());
            int position = positionOf.getOrDefault(story.id(), 0);
            RankedStory scored = ranked;
            Long audienceId = audienceOf.get(story.id());
            if (audienceId != null) {
                scored = byAudience.getOrDefault(audienceId, List.of()).stream()
                        .filter(r -> r.storyId() == story.id()).findFirst().orElse(ranked);
            }
            String pinnedTo = pick == null || pick.action() != Steering.Action.PIN ? null
                    : pick.audienceId() == null ? "Top stories"
                            : Optional.ofNullable(audiences.get(pick.audienceId())).map(Audience::displayName)
                                    .orElse("a section");
            String why = ReasonInWords.of(scored, position, section, pick, pinnedTo,
                    alsoIn.getOrDefault(story.id(), List.of()).size() + 1, similar -> Optional.ofNullable(byId.get(similar))
                            .map(Story::title).orElse(null));
            rows.add(new StoryRow(story.id(), story.title(), story.url(), story.sourceName(), section, position, why,
                    pick, pinnedTo));
        }
        // as the email reads: section by section, then the stories below the cut, the dropped ones last
        rows.sort(java.util.Comparator.comparingInt((StoryRow r) -> r.pick() != null
                && r.pick().action() == Steering.Action.DROP ? Integer.MAX_VALUE
                        : sectionIndexOf.getOrDefault(r.storyId(), Integer.MAX_VALUE - 1))
                .thenComparingInt(StoryRow::position));
        return rows;
    }

    /** The audience combinations subscribers chose, largest first, each with what it would get. */
    private List<Combination> combinations(EditionSnapshot snapshot, List<Audience> offered,
            Map<String, Long> reachByKey) {
        Map<Long, Audience> byId = new LinkedHashMap<>();
        offered.forEach(a -> byId.put(a.id(), a));
        List<Combination> result = new ArrayList<>();
        reachByKey.forEach((key, reach) -> {
            List<Audience> chosen = key.isBlank() ? offered
                    : Arrays.stream(key.split(",")).map(Long::valueOf).map(byId::get)
                            .filter(java.util.Objects::nonNull).toList();
            int count = snapshot.sectionsFor(chosen.stream().map(Audience::id).toList()).stream()
                    .mapToInt(s -> s.stories().size()).sum();
            result.add(new Combination(key, chosen, chosen.stream().map(Audience::slug).toList(), reach, count));
        });
        return result;
    }
}
