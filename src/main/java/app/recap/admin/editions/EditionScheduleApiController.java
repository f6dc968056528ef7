package app.recap.admin.editions;

import java.security.Principal;
import java.time.Instant;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;

import app.recap.admin.AdminApi;

/**
 * An edition's scheduled send: whether the schedule will send it, and calling that off ({@code DELETE}, ADMIN) or
 * putting it back ({@code PUT}, ADMIN). Both are audited; each answers with the schedule as it now stands, and 409
 * with the reason when there is nothing to cancel or restore.
 */
@AdminApi("/api/editions/{list}/{week}")
class EditionScheduleApiController {

    /**
     * @param scheduledAt  when the schedule sends the week's edition (whether or not the schedule is on)
     * @param scheduled    true when the schedule will send it: on, ahead, not cancelled, nothing sent yet
     * @param cancelledBy  who cancelled it, null when not cancelled
     * @param cancelledAt  when, null when not cancelled
     */
    record Schedule(String list, String week, Instant scheduledAt, boolean scheduled, String cancelledBy,
            Instant cancelledAt) {

        static Schedule of(EditionDesk.State state) {
            return new Schedule(state.list().slug(), state.week().toString(), state.scheduledAt(), state.scheduled(),
                    state.cancelled() == null ? null : state.cancelled().by(),
                    state.cancelled() == null ? null : state.cancelled().at());
        }
    }

    private final EditionDesk desk;

    EditionScheduleApiController(EditionDesk desk) {
        this.desk = desk;
    }

    @GetMapping("/schedule")
    Schedule schedule(@PathVariable String list, @PathVariable String week) {
        return Schedule.of(desk.state(list, week));
    }

    @DeleteMapping("/schedule")
    Schedule cancel(@PathVariable String list, @PathVariable String week, Principal me) {
        desk.cancelSchedule(list, week, me.getName());
        return Schedule.of(desk.state(list, week));
    }

    @PutMapping("/schedule")
    Schedule restore(@PathVariable String list, @PathVariable String week) {
        desk.restoreSchedule(list, week);
        return Schedule.of(desk.state(list, week));
    }
}
