package app.recap.edition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IsoWeekTests {

    @Test
    void parsesWeekAndComputesMondayAndSunday() {
        IsoWeek week = IsoWeek.parse("2026-W48");

        assertThat(week.year()).isEqualTo(2026);
        assertThat(week.week()).isEqualTo(48);
        assertThat(week.monday()).isEqualTo(LocalDate.of(2026, 11, 23));
        assertThat(week.sunday()).isEqualTo(LocalDate.of(2026, 11, 29));
        assertThat(week.monday().getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
    }

    @Test
    void parseToleratesSurroundingWhitespace() {
        assertThat(IsoWeek.parse("  2026-W48 \n")).isEqualTo(new IsoWeek(2026, 48));
    }

    @Test
    void startAndEndAreMondayMidnightInTheZone() {
        IsoWeek week = IsoWeek.parse("2026-W48");

        assertThat(week.start(ZoneId.of("Europe/London"))).isEqualTo(Instant.parse("2026-11-23T00:00:00Z"));
        assertThat(week.end(ZoneId.of("Europe/London"))).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(week.start(ZoneId.of("Europe/Berlin"))).isEqualTo(Instant.parse("2026-11-22T23:00:00Z"));
    }

    @Test
    void weekOverDaylightSavingChangeIsShorter() {
        // 2026-03-29 is the Sunday the UK moves to BST
        IsoWeek week = IsoWeek.parse("2026-W13");

        assertThat(week.monday()).isEqualTo(LocalDate.of(2026, 3, 23));
        assertThat(week.start(ZoneId.of("Europe/London"))).isEqualTo(Instant.parse("2026-03-23T00:00:00Z"));
        assertThat(week.end(ZoneId.of("Europe/London"))).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = { "2026-48", "2026-W54", "2026-W00", "2026W48", "2026-w48", "2026-W4", "26-W48", "2025-W53",
            "", "2026-W48x" })
    void rejectsInvalidWeeks(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse(text));
    }

    @Test
    void week53ExistsOnlyInLongYears() {
        // verified against java.time: 2020 (leap year starting on a Wednesday) and 2026 (starting on a Thursday)
        // have 53 ISO weeks; 2025 and 2027 have 52
        assertThat(LocalDate.of(2020, 12, 31).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(53);
        assertThat(LocalDate.of(2026, 12, 31).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(53);
        assertThat(LocalDate.of(2025, 12, 28).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)).isEqualTo(52);

        assertThat(IsoWeek.parse("2020-W53").monday()).isEqualTo(LocalDate.of(2020, 12, 28));
        assertThat(IsoWeek.parse("2026-W53").monday()).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("2025-W53"));
        assertThatIllegalArgumentException().isThrownBy(() -> IsoWeek.parse("2027-W53"));
        assertThatIllegalArgumentException().isThrownBy(() -> new IsoWeek(2021, 53));
    }

    @Test
    void ofFindsTheWeekOfADateAcrossYearBoundaries() {
        // 2027-01-01 is a Friday, so it belongs to the last week of ISO year 2026, which has 53 weeks
        assertThat(LocalDate.of(2027, 1, 1).getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
        assertThat(IsoWeek.of(LocalDate.of(2027, 1, 1))).isEqualTo(new IsoWeek(2026, 53));
        // 2024-12-30 is a Monday that belongs to week 1 of 2025
        assertThat(IsoWeek.of(LocalDate.of(2024, 12, 30))).isEqualTo(new IsoWeek(2025, 1));
        assertThat(IsoWeek.of(LocalDate.of(2026, 11, 29))).isEqualTo(new IsoWeek(2026, 48));
    }

    @Test
    void ofAndMondayAgreeForEveryDayOfTheWeek() {
        IsoWeek week = new IsoWeek(2026, 53);
        for (int d = 0; d < 7; d++) {
            assertThat(IsoWeek.of(week.monday().plusDays(d))).isEqualTo(week);
        }
        assertThat(IsoWeek.of(week.monday().plusDays(7))).isEqualTo(new IsoWeek(2027, 1));
        assertThat(IsoWeek.of(week.monday().minusDays(1))).isEqualTo(new IsoWeek(2026, 52));
    }

    @Test
    void toStringRoundTrips() {
        for (String text : new String[] { "2026-W48", "2026-W01", "2020-W53", "0999-W09" }) {
            assertThat(IsoWeek.parse(text)).hasToString(text);
            assertThat(IsoWeek.parse(IsoWeek.parse(text).toString())).isEqualTo(IsoWeek.parse(text));
        }
    }

    @Test
    void toStringRoundTripsUnderANonLatinDigitDefaultLocale() {
        Locale original = Locale.getDefault(Locale.Category.FORMAT);
        try {
            Locale.setDefault(Locale.Category.FORMAT, Locale.forLanguageTag("ar-SA"));
            IsoWeek week = new IsoWeek(2026, 48);

            assertThat(week).hasToString("2026-W48");
            assertThat(IsoWeek.parse(week.toString())).isEqualTo(week);
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, original);
        }
    }

    @Test
    void isWrittenAsYyyyWwwForEveryYearAndWeek() {
        for (int year : new int[] {-1, 0, 7, 99, 100, 999, 1000, 2026, 9999, 10000, 123456}) {
            for (int week = 1; week <= 52; week++) {
                assertThat(new IsoWeek(year, week).toString()).as("%d week %d", year, week)
                        .isEqualTo(String.format(java.util.Locale.ROOT, "%04d-W%02d", year, week));
            }
        }
        assertThat(new IsoWeek(2026, 53)).hasToString("2026-W53");
        assertThat(IsoWeek.parse(new IsoWeek(2026, 5).toString())).isEqualTo(new IsoWeek(2026, 5));
    }
}
