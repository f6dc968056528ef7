package app.recap.admin.editions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
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
 * the background; poll the GET for counts while it runs.
 */
@AdminApi("/api/editions/{list}/{week}")
class EditionsApiController {

    private static final Logger log = LoggerFactory.getLogger(EditionsApiController.class);

    private final WeeklyDigest weeklyDigest;
    private final TaskExecutor background;

    /** @param background Boot's general-purpose pool; a run that finds its list busy ends at once */
    EditionsApiController(WeeklyDigest weeklyDigest, @Qualifier("applicationTaskExecutor") TaskExecutor background) {
        this.weeklyDigest = weeklyDigest;
        this.background = background;
    }

    /** Status and delivery counts (sent, failed, skipped, pending) of the list's edition for the week. */
    @GetMapping
    DigestRun status(@PathVariable String list, @PathVariable String week) {
        return weeklyDigest.status(list, IsoWeek.parse(week));
    }

    /** Starts (or resumes) sending the edition; 202, then poll the GET. */
    @PostMapping("/send")
    ResponseEntity<DigestRun> send(@PathVariable String list, @PathVariable String week) {
        IsoWeek isoWeek = IsoWeek.parse(week);
        DigestRun before = weeklyDigest.status(list, isoWeek);
        background.execute(() -> {
            try {
                log.info(weeklyDigest.run(list, isoWeek).summary());
            } catch (WeeklyDigest.AlreadyRunning e) {
                log.info("send: {}", e.getMessage());
            } catch (Exception e) {
                log.error("sending list {} week {} failed", list, week, e);
            }
        });
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(before);
    }

    /** Puts failed deliveries back to pending and sends them (after the cause was fixed); 202. */
    @PostMapping("/resend-failed")
    ResponseEntity<DigestRun> resendFailed(@PathVariable String list, @PathVariable String week) {
        IsoWeek isoWeek = IsoWeek.parse(week);
        DigestRun before = weeklyDigest.status(list, isoWeek);
        background.execute(() -> {
            try {
                log.info(weeklyDigest.resendFailed(list, isoWeek).summary());
            } catch (WeeklyDigest.AlreadyRunning e) {
                log.info("re-send: {}", e.getMessage());
            } catch (Exception e) {
                log.error("re-sending list {} week {} failed", list, week, e);
            }
        });
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(before);
    }
}
