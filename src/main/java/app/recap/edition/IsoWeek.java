package app.recap.edition;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An ISO-8601 week such as {@code 2026-W48}: Monday 00:00 to the next Monday 00:00 in a time zone. */
public record IsoWeek(int year, int week) {

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})-W(\\d{2})");

    public IsoWeek {
        LocalDate probe = LocalDate.of(year, 6, 1);
        long weeks = probe.range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException(year + " has no ISO week " + week);
        }
    }

    /** @throws IllegalArgumentException for anything but {@code YYYY-Www} naming a real week */
    public static IsoWeek parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ISO week (expected e.g. 2026-W48): " + text);
        }
        return new IsoWeek(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The week that contains a date. */
    public static IsoWeek of(LocalDate date) {
        return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    public LocalDate monday() {
        return LocalDate.of(year, 1, 4).with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    public Instant start(ZoneId zone) {
        return monday().atStartOfDay(zone).toInstant();
    }

    public Instant end(ZoneId zone) {
        return monday().plusDays(7).atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        if (year < 0) {
            return String.format(Locale.ROOT, "%04d-W%02d", year, week);
        }
        // every message names its week in its links: String.format here was 3% of the send threads' time
        String digits = Integer.toString(year);
        StringBuilder text = new StringBuilder(8);
        text.append("0000", 0, Math.max(0, 4 - digits.length())).append(digits).append("-W");
        if (week < 10) {
            text.append('0');
        }
        return text.append(week).toString();
    }
}
