package app.recap.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import app.recap.admin.accounts.AdminAccounts;

import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;

/**
 * Times as the admin screens show them ({@code ${@adminTimes.relative(at)}} in a template): relative to now where
 * that reads better ("3 hours ago", "in 2 days"), and in full, to the minute, with the zone, for the hover title.
 * The zone is the signed-in admin's own when they chose one ("Your account"), else the one the lists are scheduled
 * in (the first list's, as the send day and time on the lists screen are read in it), UTC before there is a list.
 * Seconds and nanoseconds are never shown.
 */
@Component("adminTimes")
public class AdminTimes {

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm zzz", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private static final long REREAD_SECONDS = 10;

    private final Clock clock;
    private final ListRepository lists;
    private final AdminAccounts accounts;

    AdminTimes(Clock clock, ListRepository lists, AdminAccounts accounts) {
        this.clock = clock;
        this.lists = lists;
        this.accounts = accounts;
    }

    /** A zone as read at a time; read again after {@value #REREAD_SECONDS} s, as a page shows dozens of times. */
    private record Read(Optional<ZoneId> zone, Instant at) {
    }

    private volatile Read listsZone;
    private final Map<String, Read> accountZones = new ConcurrentHashMap<>();

    /** The zone admin screens show times in for the signed-in admin. */
    public ZoneId zone() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.isAuthenticated() && auth.getName() != null) {
            Optional<ZoneId> chosen = fresh(accountZones.get(auth.getName()))
                    .orElseGet(() -> {
                        Read read = new Read(accounts.timeZone(auth.getName()), clock.instant());
                        if (accountZones.size() > 1000) { // one per account in use; a bound all the same
                            accountZones.clear();
                        }
                        accountZones.put(auth.getName(), read);
                        return read;
                    }).zone();
            if (chosen.isPresent()) {
                return chosen.get();
            }
        }
        return listsZone();
    }

    /** The zone the lists are scheduled in: an admin's default. */
    public ZoneId listsZone() {
        return fresh(listsZone).orElseGet(() -> {
            var all = lists.findAll();
            Read read = new Read(all.stream().filter(l -> !l.archived()).findFirst().or(() -> all.stream().findFirst())
                    .map(NewsletterList::timeZone).or(() -> Optional.of(ZoneId.of("UTC"))), clock.instant());
            listsZone = read;
            return read;
        }).zone().orElseThrow();
    }

    /** Forgets what was read of an account's zone, so the next page shows the one just chosen. */
    public void forget(String email) {
        accountZones.remove(email);
    }

    private Optional<Read> fresh(Read read) {
        return read != null && Duration.between(read.at(), clock.instant()).abs().getSeconds() <= REREAD_SECONDS
                ? Optional.of(read) : Optional.empty();
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

    /** "1 Dec 2026, 21:11", for a log's rows; empty for null. */
    public String at(Instant at) {
        return at == null ? "" : SHORT.format(at.atZone(zone()));
    }

    /** "1 Dec 2026"; empty for null. */
    public String date(Instant at) {
        return at == null ? "" : DATE.format(at.atZone(zone()));
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
