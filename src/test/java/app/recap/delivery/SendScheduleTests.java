package app.recap.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;

class SendScheduleTests {

    private static NewsletterList list(DayOfWeek day, String time, String zone) {
        return new NewsletterList(1, "l", "L", "S", "s@recap.example", null, "Addr", day, LocalTime.parse(time),
                ZoneId.of(zone), Locale.ENGLISH, true, false);
    }

    @Test
    void anEditionGoesOutOnTheSendDayOfTheFollowingWeek() {
        IsoWeek w48 = IsoWeek.parse("2026-W48");

        assertThat(SendSchedule.sendDate(list(DayOfWeek.MONDAY, "08:00", "UTC"), w48)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(SendSchedule.sendDate(list(DayOfWeek.FRIDAY, "08:00", "UTC"), w48)).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(SendSchedule.sendInstant(list(DayOfWeek.MONDAY, "08:00", "America/New_York"), w48))
                .isEqualTo(Instant.parse("2026-11-30T13:00:00Z"));
    }

    @Test
    void theDueWeekTurnsOverAtTheListsLocalSendTime() {
        NewsletterList tokyoMonday = list(DayOfWeek.MONDAY, "08:00", "Asia/Tokyo");

        // Monday 2026-11-30 07:59 in Tokyo: week 48's edition is not due yet, week 47's is
        assertThat(SendSchedule.dueWeek(tokyoMonday, Instant.parse("2026-11-29T22:59:00Z"))).hasToString("2026-W47");
        // 08:00 in Tokyo: week 48's edition is due
        assertThat(SendSchedule.dueWeek(tokyoMonday, Instant.parse("2026-11-29T23:00:00Z"))).hasToString("2026-W48");
        // later that week it stays due until next Monday 08:00
        assertThat(SendSchedule.dueWeek(tokyoMonday, Instant.parse("2026-12-05T12:00:00Z"))).hasToString("2026-W48");
    }
}
