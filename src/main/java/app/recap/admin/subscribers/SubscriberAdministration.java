package app.recap.admin.subscribers;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.EmailAddresses;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberDirectory;
import app.recap.subscriber.SubscriberStatus;
import app.recap.subscriber.SubscriberEditor;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.subscriber.Suppressions;
import app.recap.subscriber.Topics;

/** Subscriber changes for the UI and the API alike, each written to the audit log. */
@Service
class SubscriberAdministration {

    private final SubscriberDirectory directory;
    private final SubscriberRepository subscribers;
    private final SubscriberEditor editor;
    private final Suppressions suppressions;
    private final ListRepository lists;
    private final Topics topics;
    private final AudienceRepository audiences;
    private final EmailAddresses addresses;
    private final AuditLog audit;
    private final Clock clock;

    SubscriberAdministration(SubscriberDirectory directory, SubscriberRepository subscribers, SubscriberEditor editor,
            Suppressions suppressions, ListRepository lists, Topics topics, AudienceRepository audiences, EmailAddresses addresses,
            AuditLog audit, Clock clock) {
        this.directory = directory;
        this.subscribers = subscribers;
        this.editor = editor;
        this.suppressions = suppressions;
        this.lists = lists;
        this.topics = topics;
        this.audiences = audiences;
        this.addresses = addresses;
        this.audit = audit;
        this.clock = clock;
    }

    SubscriberDirectory.Entry get(long id) {
        return directory.find(id).filter(e -> e.status() != SubscriberStatus.ERASED)
                .orElseThrow(() -> AdminProblem.notFound("subscriber " + id));
    }

    /** Turns the API's and the form's filter (slugs) into the directory's (ids). */
    SubscriberDirectory.Filter filter(String query, String listSlug, String status, String audienceSlug) {
        Long listId = listSlug == null || listSlug.isBlank() ? null
                : lists.findBySlug(listSlug).map(NewsletterList::id)
                        .orElseThrow(() -> AdminProblem.invalid("list", "unknown list " + listSlug));
        Long audienceId = audienceSlug == null || audienceSlug.isBlank() ? null
                : audiences.findBySlug(audienceSlug).map(Audience::id)
                        .orElseThrow(() -> AdminProblem.invalid("audience", "unknown audience " + audienceSlug));
        var filter = new SubscriberDirectory.Filter(query, listId, status, audienceId);
        if (filter.status() != null && !SubscriberDirectory.STATUSES.contains(filter.status())) {
            throw AdminProblem.invalid("status", "unknown status; expected one of " + SubscriberDirectory.STATUSES);
        }
        return filter;
    }

    SubscriberDirectory.Entry add(SubscriberForm form) {
        String problem = addresses.problem(form.email());
        if (problem != null) {
            throw AdminProblem.invalid("email", problem);
        }
        NewsletterList list = list(form.list());
        var existing = subscribers.findByEmail(form.email());
        if (existing.isPresent() && subscribers.statusOf(existing.get().id(), list.id()).isPresent()) {
            throw AdminProblem.conflict(form.email() + " is already on " + list.slug()
                    + "; edit that subscriber instead");
        }
        SubscriptionStatus status = form.status() == null ? SubscriptionStatus.CONFIRMED : form.status();
        long id = editor.add(list.id(), form.email(), form.name(), audienceIds(list, form.audiences()), status,
                clock.instant());
        audit.record("subscriber.add", "subscriber", id, "list=" + list.slug() + " status=" + status);
        return get(id);
    }

    SubscriberDirectory.Entry rename(long id, String name) {
        get(id);
        editor.rename(id, name);
        audit.record("subscriber.rename", "subscriber", id, null);
        return get(id);
    }

    /** Sets the audiences (and optionally the status) of a subscriber's subscription to a list. */
    SubscriberDirectory.Entry updateSubscription(long id, String listSlug, List<String> audienceSlugs,
            SubscriptionStatus status) {
        get(id);
        NewsletterList list = list(listSlug);
        if (subscribers.statusOf(id, list.id()).isEmpty()) {
            throw AdminProblem.notFound("subscription of subscriber " + id + " to " + listSlug);
        }
        List<Long> ids = audienceIds(list, audienceSlugs);
        subscribers.setAudiences(id, list.id(), ids);
        if (status != null) {
            subscribers.setStatus(id, list.id(), status, clock.instant());
        }
        audit.record("subscription.update", "subscriber", id, "list=" + listSlug + " audiences=" + audienceSlugs
                + (status == null ? "" : " status=" + status));
        return get(id);
    }

    SubscriberDirectory.Entry unsubscribe(long id, String listSlug) {
        get(id);
        NewsletterList list = list(listSlug);
        if (!subscribers.setStatus(id, list.id(), SubscriptionStatus.UNSUBSCRIBED, clock.instant())) {
            throw AdminProblem.notFound("subscription of subscriber " + id + " to " + listSlug);
        }
        audit.record("subscription.unsubscribe", "subscriber", id, "list=" + listSlug);
        return get(id);
    }

    void erase(long id) {
        get(id);
        editor.erase(id);
        // the audit entry names the id only: the address is what was erased
        audit.record("subscriber.erase", "subscriber", id, "personal data erased");
    }

    boolean suppress(String email, String reason) {
        String problem = addresses.problem(email);
        if (problem != null) {
            throw AdminProblem.invalid("email", problem);
        }
        if (reason == null || reason.isBlank()) {
            throw AdminProblem.invalid("reason", "say why the address is suppressed");
        }
        String actor = currentUser();
        boolean added = suppressions.add(email, reason.strip(), actor, clock.instant());
        audit.record(added ? "suppression.add" : "suppression.update", "suppression",
                SubscriberRepository.normaliseEmail(email), reason.strip());
        return added;
    }

    void unsuppress(String email) {
        if (!suppressions.remove(email)) {
            throw AdminProblem.notFound("suppression of " + email);
        }
        audit.record("suppression.remove", "suppression", SubscriberRepository.normaliseEmail(email), null);
    }

    /** What a bulk action on the subscribers screen does to each chosen subscriber. */
    enum BulkAction {
        UNSUBSCRIBE, SUPPRESS, AUDIENCES, ERASE
    }

    /** How a bulk action went: changed, and skipped because there was nothing to change (not on the list). */
    record BulkResult(BulkAction action, int changed, int skipped) {
    }

    /**
     * Applies one action to each subscriber, each change audited as if made on its own, then one entry for the
     * whole. {@code listSlug} is needed for UNSUBSCRIBE and AUDIENCES, {@code reason} for SUPPRESS.
     */
    BulkResult bulk(BulkAction action, List<Long> ids, String listSlug, List<String> audienceSlugs, String reason) {
        NewsletterList list = action == BulkAction.UNSUBSCRIBE || action == BulkAction.AUDIENCES ? list(listSlug) : null;
        if (action == BulkAction.AUDIENCES) {
            audienceIds(list, audienceSlugs);   // refuses an audience the list does not offer before changing anyone
        }
        if (action == BulkAction.SUPPRESS && (reason == null || reason.isBlank())) {
            throw AdminProblem.invalid("reason", "say why the addresses are suppressed");
        }
        int changed = 0;
        int skipped = 0;
        for (long id : ids) {
            var entry = directory.find(id).filter(e -> e.status() != SubscriberStatus.ERASED);
            boolean onList = entry.isPresent() && (list == null
                    || entry.get().subscriptions().stream().anyMatch(m -> m.listId() == list.id()));
            if (!onList) {
                skipped++;
                continue;
            }
            switch (action) {
                case UNSUBSCRIBE -> {
                    if (subscribers.statusOf(id, list.id()).orElse(null) == SubscriptionStatus.UNSUBSCRIBED) {
                        skipped++;
                        continue;
                    }
                    unsubscribe(id, list.slug());
                }
                case SUPPRESS -> suppress(entry.get().email(), reason);
                case AUDIENCES -> updateSubscription(id, list.slug(), audienceSlugs, null);
                case ERASE -> erase(id);
            }
            changed++;
        }
        audit.record("subscriber.bulk", "subscriber", null, action.name().toLowerCase(java.util.Locale.ROOT) + ": "
                + changed + " changed, " + skipped + " skipped" + (list == null ? "" : "; list=" + list.slug())
                + (action == BulkAction.AUDIENCES ? " audiences=" + audienceSlugs : ""));
        return new BulkResult(action, changed, skipped);
    }

    /** Exports of personal data are changes worth knowing about, too. */
    void recordExport(long rows, SubscriberDirectory.Filter filter) {
        audit.record("subscriber.export", "subscriber", null, rows + " rows; filter " + filter);
    }

    Map<Long, String> audienceSlugs() {
        return audiences.findAll().stream().collect(Collectors.toMap(Audience::id, Audience::slug));
    }

    private NewsletterList list(String slug) {
        if (slug == null || slug.isBlank()) {
            throw AdminProblem.invalid("list", "a list is required");
        }
        return lists.findBySlug(slug).orElseThrow(() -> AdminProblem.invalid("list", "unknown list " + slug));
    }

    /** Audience slugs to ids by the one rule of {@link Topics}: none means every topic, any other must be offered. */
    private List<Long> audienceIds(NewsletterList list, List<String> slugs) {
        Topics.Choice choice = topics.of(list.id()).bySlugs(slugs);
        if (!choice.valid()) {
            throw AdminProblem.invalid("audiences", "the list " + list.slug() + " offers no audience "
                    + String.join(", ", choice.refused()));
        }
        return choice.ids();
    }

    private static String currentUser() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "system" : auth.getName();
    }
}
