package app.recap.admin.lists;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import app.recap.admin.AdminProblem;
import app.recap.admin.AuditLog;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListEditor;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/** Creates, edits and archives lists for the UI and the API alike, and writes each change to the audit log. */
@Service
class ListAdministration {

    private final ListRepository lists;
    private final ListEditor editor;
    private final AudienceRepository audiences;
    private final AuditLog audit;
    private final Clock clock;

    ListAdministration(ListRepository lists, ListEditor editor, AudienceRepository audiences, AuditLog audit,
            Clock clock) {
        this.lists = lists;
        this.editor = editor;
        this.audiences = audiences;
        this.audit = audit;
        this.clock = clock;
    }

    /** The length a list's subscribers get unless they choose one. */
    String defaultLength(NewsletterList list) {
        return lists.defaultLength(list.id()).name().toLowerCase(Locale.ROOT);
    }

    NewsletterList get(String slug) {
        return lists.findBySlug(slug).orElseThrow(() -> AdminProblem.notFound("list " + slug));
    }

    List<String> offeredSlugs(NewsletterList list) {
        Map<Long, String> slugs = audiences.findAll().stream().collect(Collectors.toMap(Audience::id, Audience::slug));
        return lists.offeredAudienceIds(list.id()).stream().map(slugs::get).toList();
    }

    NewsletterList create(ListForm form) {
        if (form.slug() == null || form.slug().isBlank()) {
            throw AdminProblem.invalid("slug", "a slug is required");
        }
        if (lists.findBySlug(form.slug()).isPresent()) {
            throw AdminProblem.invalid("slug", "a list with this slug exists already");
        }
        NewsletterList list;
        try {
            list = lists.create(toList(0, form.slug(), form, false), audienceIds(form.audiences()), clock.instant());
        } catch (DuplicateKeyException raced) {
            throw AdminProblem.invalid("slug", "a list with this slug exists already");
        }
        if (form.length() != null) {
            lists.setDefaultLength(list.id(), form.length());
        }
        audit.record("list.create", "list", list.slug(), describe(form));
        return list;
    }

    NewsletterList update(String slug, ListForm form) {
        NewsletterList current = get(slug);
        NewsletterList updated = editor.update(toList(current.id(), current.slug(), form, current.archived()),
                audienceIds(form.audiences()));
        if (form.length() != null) {
            lists.setDefaultLength(current.id(), form.length());
        }
        audit.record("list.update", "list", slug, describe(form));
        return updated;
    }

    NewsletterList setArchived(String slug, boolean archived) {
        NewsletterList list = get(slug);
        editor.setArchived(list.id(), archived);
        audit.record(archived ? "list.archive" : "list.restore", "list", slug, null);
        return get(slug);
    }

    ListForm formOf(NewsletterList list) {
        return new ListForm(list.slug(), list.name(), list.senderName(), list.senderEmail(), list.replyTo(),
                list.postalAddress(), list.sendDay(), list.sendTime().toString(), list.timeZone().getId(),
                list.locale().toLanguageTag(), list.doubleOptIn(), offeredSlugs(list),
                list.tracking().name().toLowerCase(Locale.ROOT), list.trackOpens(),
                lists.defaultLength(list.id()).name().toLowerCase(Locale.ROOT));
    }

    private NewsletterList toList(long id, String slug, ListForm form, boolean archived) {
        ZoneId zone;
        try {
            zone = ZoneId.of(form.timeZone().strip());
        } catch (DateTimeException e) {
            throw AdminProblem.invalid("timeZone", "unknown time zone (use a name such as Europe/London)");
        }
        String locale = form.locale() == null || form.locale().isBlank() ? "en" : form.locale();
        return new NewsletterList(id, slug, form.name().strip(), form.senderName().strip(),
                form.senderEmail().strip().toLowerCase(Locale.ROOT),
                form.replyTo() == null || form.replyTo().isBlank() ? null : form.replyTo().strip(),
                form.postalAddress().strip(), form.sendDay(), LocalTime.parse(form.sendTime()), zone,
                Locale.forLanguageTag(locale), form.doubleOptIn() == null || form.doubleOptIn(), archived, false,
                form.clickTracking(), Boolean.TRUE.equals(form.trackOpens()));
    }

    private List<Long> audienceIds(List<String> slugs) {
        try {
            return audiences.idsOf(slugs);
        } catch (AudienceRepository.UnknownAudienceException e) {
            throw AdminProblem.invalid("audiences", "unknown audience " + e.slug());
        }
    }

    private static String describe(ListForm form) {
        return "name=" + form.name() + " sender=" + form.senderEmail() + " send=" + form.sendDay() + " "
                + form.sendTime() + " " + form.timeZone() + " doubleOptIn=" + form.doubleOptIn() + " audiences="
                + form.audiences() + " tracking=" + form.clickTracking() + " trackOpens=" + form.trackOpens()
                + " defaultLength=" + form.defaultLength();
    }
}
