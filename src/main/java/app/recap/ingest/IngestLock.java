package app.recap.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

/**
 * The database lock that keeps ingest to one run at a time across every node sharing the database (ShedLock's
 * JDBC provider over the {@code node_lock} table, timed by the database's clock so nodes' clocks need not
 * agree). A node that dies while holding it holds it at most {@code recap.ingest.lock-at-most-for}.
 */
@Component
class IngestLock {

    static final String NAME = "ingest";
    static final String TABLE = "node_lock";

    private final LockProvider locks;
    private final Duration atMostFor;

    IngestLock(DataSource dataSource, IngestProperties properties) {
        this.locks = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName(TABLE)
                .usingDbTime()
                .build());
        this.atMostFor = properties.lockAtMostFor();
    }

    /** The lock, or empty while another run (on this node or another) holds it. */
    Optional<SimpleLock> tryLock() {
        return locks.lock(new LockConfiguration(Instant.now(), NAME, atMostFor, Duration.ZERO));
    }
}
