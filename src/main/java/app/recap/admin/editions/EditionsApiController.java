package app.recap.admin.editions;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import app.recap.admin.AdminApi;
import app.recap.delivery.DigestRun;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;

/**
 * An edition's progress and the actions on it: send now, re-send only the failed deliveries. Sending runs in
 * the background; poll the GET for counts while it runs. Both actions answer 202 only when a run starts, and 409
 * with the reason when it would send nothing.
 */
@AdminApi("/api/editions/{list}/{week}")
class EditionsApiController {

    private final WeeklyDigest weeklyDigest;
    private final EditionRuns runs;

    EditionsApiController(WeeklyDigest weeklyDigest, EditionRuns runs) {
        this.weeklyDigest = weeklyDigest;
        this.runs = runs;
    }

    /** Status and delivery counts (sent, failed, skipped, pending) of the list's edition for the week. */
    @GetMapping
    DigestRun status(@PathVariable String list, @PathVariable String week) {
        return weeklyDigest.status(list, IsoWeek.parse(week));
    }

    /** Starts (or resumes) sending the edition; 202, then poll the GET. */
    @PostMapping("/send")
    ResponseEntity<DigestRun> send(@PathVariable String list, @PathVariable String week) {
        runs.runNow(list, week);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(weeklyDigest.status(list, IsoWeek.parse(week)));
    }

    /** Puts failed deliveries back to pending and sends them (after the cause was fixed); 202. */
    @PostMapping("/resend-failed")
    ResponseEntity<DigestRun> resendFailed(@PathVariable String list, @PathVariable String week) {
        runs.resendFailed(list, week);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(weeklyDigest.status(list, IsoWeek.parse(week)));
    }
}
