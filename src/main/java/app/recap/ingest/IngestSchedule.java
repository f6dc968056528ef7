package app.recap.ingest;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the ingest job on {@code recap.ingest.schedule} (hourly by default). The run happens on a thread of its
 * own, so a long ingest never holds up other scheduled work on the shared scheduler thread; a run still going
 * when the next is due makes that next one a no-op.
 */
@Component
class IngestSchedule {

    private static final Logger log = LoggerFactory.getLogger(IngestSchedule.class);

    private final IngestRuns runs;
    private final AtomicBoolean running = new AtomicBoolean();
    private final TaskExecutor worker;

    /** @param worker Boot's general-purpose pool: a run takes one of its threads, never the scheduler's */
    IngestSchedule(IngestRuns runs, @Qualifier("applicationTaskExecutor") TaskExecutor worker) {
        this.runs = runs;
        this.worker = worker;
    }

    @Scheduled(cron = "${recap.ingest.schedule}")
    void due() {
        if (!running.compareAndSet(false, true)) {
            log.warn("scheduled ingest skipped: the previous run is still going");
            return;
        }
        worker.execute(() -> {
            try {
                runs.run();
            } catch (IngestRuns.AlreadyRunning e) {
                log.info("scheduled ingest skipped: another run (on this or another node) holds the ingest lock");
            } catch (Exception e) {
                log.error("scheduled ingest could not run", e);
            } finally {
                running.set(false);
            }
        });
    }
}
