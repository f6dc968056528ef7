package app.recap.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Times as the admin screens show them ({@code ${@adminTimes.relative(at)}} in a template): relative to now where
 * that reads better ("3 hours ago", "in 2 days"), and in full, to the minute, with the zone, for the hover title.
 * The zone is the admin's: the one the lists are scheduled in (the first list's, as the send day and time on the
 * lists screen are read in it), UTC before there is a list. Seconds and nanoseconds are never shown.
 */
@Component("adminTimes")
public class AdminTimes {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

    private final Clock clock;
    private final ListRepository lists;

    AdminTimes(Clock clock, ListRepository lists) {
        this.clock = clock;
        this.lists = lists;
    }

    private volatile ZoneId zone;
    private volatile Instant zoneReadAt = Instant.EPOCH;

    /** The zone admin screens show times in (read again every few seconds: a page shows dozens of times). */
    public ZoneId zone() {
        Instant now = clock.instant();
        if (zone == null || Duration.between(zoneReadAt, now).abs().getSeconds() > 10) {
            var all = lists.findAll();
            zone = all.stream().filter(l -> !l.archived()).findFirst().or(() -> all.stream().findFirst())
                    .map(NewsletterList::timeZone).orElse(ZoneId.of("UTC"));
            zoneReadAt = now;
        }
        return zone;
    }

    /** "just now", "12 minutes ago", "in 3 days"; beyond two weeks the date itself. Empty for null. */
    public String relative(Instant at) {
        if (at == null) {
            return "";
        }
        Duration gap = Duration.between(at, clock.instant());
        boolean future = gap.isNegative();
        long seconds = Math.abs(gap.getSeconds());
        if (seconds < 60) {
            return future ? "in a moment" : "just now";
        }
        String amount;
        if (seconds < 3600) {
            amount = plural(seconds / 60, "minute");
        } else if (seconds < 86_400) {
            amount = plural(seconds / 3600, "hour");
        } else if (seconds < 14 * 86_400) {
            amount = plural(seconds / 86_400, "day");
        } else {
            return SHORT.format(at.atZone(zone()));
        }
        return future ? "in " + amount : amount + " ago";
    }

    /** "Tue 1 Dec 2026, 21:11 CET"; empty for null. */
    public String full(Instant at) {
        return at == null ? "" : FULL.format(at.atZone(zone()));
    }

    /** The machine-readable form for a {@code <time datetime>} attribute, to the second. */
    public String iso(Instant at) {
        return at == null ? "" : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
