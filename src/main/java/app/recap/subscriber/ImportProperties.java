package app.recap.subscriber;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Background imports ({@code recap.imports.*}).
 *
 * @param concurrency   imports running at once on this node; more wait their turn (QUEUED)
 * @param maxQueued     imports that may wait on this node; beyond, a new one is refused until one ends
 * @param spoolDir      where uploads are stored until their import ends (a file per import, deleted after)
 * @param progressEvery rows between two writes of an import's progress to its record
 * @param heartbeat     how often a node tells the database its imports are still alive
 * @param staleAfter    an import queued or running whose node has not shown life for this long is marked
 *                      interrupted (that node died); well above {@code heartbeat}
 * @param writers       batches of one import written at once, each in its own transaction, while the next is
 *                      read: 1 on H2 (its writers contend in one JVM), 2 in the postgres profile (each batch is a
 *                      PostgreSQL backend's work, and one leaves a core idle)
 */
@ConfigurationProperties("recap.imports")
record ImportProperties(int concurrency, int maxQueued, Path spoolDir, int progressEvery, Duration heartbeat,
        Duration staleAfter, int writers) {

    ImportProperties {
        if (writers < 1) {
            throw new IllegalArgumentException("recap.imports.writers must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("recap.imports.concurrency must be at least 1");
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("recap.imports.max-queued must not be negative");
        }
        if (spoolDir == null) {
            throw new IllegalArgumentException("recap.imports.spool-dir must be set");
        }
        progressEvery = Math.max(1, progressEvery);
        heartbeat = heartbeat == null ? Duration.ofSeconds(10) : heartbeat;
        staleAfter = staleAfter == null ? Duration.ofMinutes(1) : staleAfter;
        if (staleAfter.compareTo(heartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("recap.imports.stale-after must be at least twice recap.imports.heartbeat");
        }
    }
}
