package app.recap.preferences;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * What the pages at the end of a personal link share: the invalid-link page, which names the lists one can sign up
 * to or read (a broken token names no list), the page a test copy's links open, and when a new subscriber's first edition arrives.
 */
@Component
class LinkPages {

    private final ListRepository lists;
    private final MessageSource messages;
    private final Clock clock;
    private final LinkTokens tokens;

    LinkPages(ListRepository lists, MessageSource messages, Clock clock, LinkTokens tokens) {
        this.lists = lists;
        this.tokens = tokens;
        this.messages = messages;
        this.clock = clock;
    }

    /** The invalid-link page (HTTP 404), with a way on: each open list's sign-up and archive. */
    String invalid(Model model, HttpServletResponse response) {
        response.setStatus(404);
        List<NewsletterList> open = lists.findAll().stream().filter(l -> !l.archived()).toList();
        model.addAttribute("openLists", open);
        return "public/link-invalid";
    }

    /**
     * The page for a personal link that names no subscriber we hold: the test-link page when the token is a genuine
     * test copy's link ({@link SubscriberLinks#TEST_READER}, HTTP 200, nothing done), otherwise the invalid-link page.
     * The test reader sits inside the signed payload, so neither kind of link can be turned into the other.
     */
    String unresolved(String token, LinkToken.Purpose purpose, Model model, HttpServletResponse response) {
        java.util.Optional<NewsletterList> list = tokens.verify(token, purpose)
                .filter(claims -> claims.subscriberId() == SubscriberLinks.TEST_READER)
                .flatMap(claims -> lists.findById(claims.listId()));
        if (list.isEmpty()) {
            return invalid(model, response);
        }
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("list", list.get());
        model.addAttribute("purpose", purpose.name().toLowerCase(Locale.ROOT));
        return "public/test-link";
    }

    /**
     * When the next edition goes out, in the reader's time zone: their own if known, otherwise the list's. A list
     * that sends at {@code sendTime} in each reader's own zone (timewarp) does so in that zone.
     */
    String firstEdition(NewsletterList list, String readerZone, Locale locale) {
        ZoneId reader = zone(readerZone, list.timeZone());
        ZoneId sendsIn = list.timewarp() ? reader : list.timeZone();
        ZonedDateTime now = clock.instant().atZone(sendsIn);
        ZonedDateTime next = now.with(TemporalAdjusters.nextOrSame(list.sendDay())).with(list.sendTime())
                .withSecond(0).withNano(0);
        if (!next.isAfter(now)) {
            next = next.plusWeeks(1);
        }
        ZonedDateTime local = next.withZoneSameInstant(reader);
        DateTimeFormatter day = DateTimeFormatter.ofPattern("EEEE", locale);
        // the emails' own date pattern ("7 December 2026", "7. Dezember 2026")
        DateTimeFormatter date = DateTimeFormatter.ofPattern(messages.getMessage("digest.date.full", null, locale),
                locale);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
        return day.format(local) + ", " + date.format(local) + ", " + time.format(local) + " (" + reader.getId() + ")";
    }

    private static ZoneId zone(String id, ZoneId fallback) {
        if (id == null || id.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(id);
        } catch (java.time.DateTimeException e) {
            return fallback;
        }
    }
}
