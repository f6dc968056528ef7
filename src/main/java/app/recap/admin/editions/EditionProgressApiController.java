package app.recap.admin.editions;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import app.recap.admin.AdminApi;

/**
 * A send's progress from the delivery log: deliveries by status, due and scheduled, the rate over the last minute
 * and the time left at that rate. The same on every node of a cluster.
 */
@AdminApi("/api/editions/{list}/{week}")
class EditionProgressApiController {

    private final EditionProgress progress;

    EditionProgressApiController(EditionProgress progress) {
        this.progress = progress;
    }

    @GetMapping("/progress")
    EditionProgress.Progress progress(@PathVariable String list, @PathVariable String week) {
        return progress.of(list, week);
    }
}
