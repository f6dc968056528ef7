package app.recap.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;

/**
 * Named locks in the {@code node_lock} table (ShedLock's JDBC provider, timed by the database's clock so the
 * nodes' clocks need not agree). A lock is held until released, however long the work takes: the holder renews
 * its lease in the background. If the holder dies, the lock frees itself when the lease runs out.
 */
@Component
@EnableConfigurationProperties(LockProperties.class)
public class NodeLocks implements DisposableBean {

    /** The table, created by Flyway (V8_1). */
    public static final String TABLE = "node_lock";

    /** How often {@link #awaitLock} asks again: a build holds its lock for a fraction of a second. */
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * The thread that renews held leases. Built from Boot's scheduler builder but deliberately not a bean: a
     * {@code TaskScheduler} bean would replace the one {@code @Scheduled} work runs on, and a renewal must never
     * wait behind scheduled work (a lease that lapses mid-send lets another node start the same list).
     */
    private final ThreadPoolTaskScheduler renewals;
    private final LockProvider locks;
    private final Duration lease;

    NodeLocks(DataSource dataSource, LockProperties properties, ThreadPoolTaskSchedulerBuilder schedulers) {
        this.renewals = schedulers.poolSize(1).threadNamePrefix("node-lock-renewal-").build();
        this.renewals.setDaemon(true);
        this.renewals.initialize();
        this.locks = new KeepAliveLockProvider(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(TABLE)
                .usingDbTime()
                .build()), renewals.getScheduledExecutor());
        this.lease = properties.lease();
    }

    /** The lock called {@code name} (at most 64 characters), or empty while anyone, here or elsewhere, holds it. */
    public Optional<SimpleLock> tryLock(String name) {
        return locks.lock(new LockConfiguration(Instant.now(), name, lease, Duration.ZERO));
    }

    /**
     * The lock called {@code name}, waiting up to {@code patience} for its holder to release it; empty when it is
     * still held then. For locks held briefly (a preview's build), never for one a run holds for hours.
     */
    public Optional<SimpleLock> awaitLock(String name, Duration patience) throws InterruptedException {
        Instant giveUp = Instant.now().plus(patience);
        Optional<SimpleLock> held = tryLock(name);
        while (held.isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(POLL.toMillis());
            held = tryLock(name);
        }
        return held;
    }

    @Override
    public void destroy() {
        renewals.shutdown();
    }
}
