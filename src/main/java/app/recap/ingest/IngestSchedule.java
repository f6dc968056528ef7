package app.recap.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts the ingest job on {@code recap.ingest.schedule} (hourly by default). The run happens on a thread of its
 * own, so a long ingest never holds up other scheduled work on the shared scheduler thread; a run still going
 * when the next is due makes that next one a no-op.
 */
@Component
class IngestSchedule implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IngestSchedule.class);

    private final IngestRuns runs;
    private final AtomicBoolean running = new AtomicBoolean();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "ingest-schedule");
        thread.setDaemon(true);
        return thread;
    });

    IngestSchedule(IngestRuns runs) {
        this.runs = runs;
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

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
