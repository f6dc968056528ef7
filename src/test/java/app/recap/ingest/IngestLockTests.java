package app.recap.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;

import app.recap.lock.NodeLocks;
import app.recap.support.IngestContext;

/**
 * One ingest run at a time across nodes: while another node holds the ingest lock in the shared database, a run
 * here (scheduled or an admin's "fetch all") is refused with a clear message, and runs again once it is released.
 */
class IngestLockTests extends IngestContext {

    @Autowired IngestRuns runs;
    @Autowired DataSource dataSource;
    @Autowired MockMvc mvc;

    @Test
    void aRunIsRefusedWhileAnotherNodeHoldsTheLockAndRunsOnceItIsReleased() throws Exception {
        long before = ingestExecutions();
        SimpleLock otherNode = anotherNode().lock(new LockConfiguration(Instant.now(), IngestRuns.LOCK,
                Duration.ofMinutes(5), Duration.ZERO)).orElseThrow();

        assertThatThrownBy(runs::run).isInstanceOf(IngestRuns.AlreadyRunning.class)
                .hasMessageContaining("Another ingest run is going");
        mvc.perform(post("/api/feeds/fetch").with(httpBasic(ADMIN, ADMIN_PASSWORD)).header("X-Requested-With", "test"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(containsString("Another ingest run is going")));
        assertThat(ingestExecutions()).as("ingest jobs started while locked").isEqualTo(before);

        otherNode.unlock();

        assertThat(runs.run().status()).isEqualTo("COMPLETED");
        assertThat(ingestExecutions()).isEqualTo(before + 1);
        // and this node released the lock again: the other node can take it
        SimpleLock again = anotherNode().lock(new LockConfiguration(Instant.now(), IngestRuns.LOCK,
                Duration.ofMinutes(5), Duration.ZERO)).orElseThrow();
        again.unlock();
    }

    private long ingestExecutions() {
        return jdbc.sql("""
                select count(*) from batch_job_execution e
                join batch_job_instance i on i.job_instance_id = e.job_instance_id
                where i.job_name = :job""").param("job", IngestJobConfiguration.JOB_NAME).query(Long.class).single();
    }

    /** What another node sharing the database does: its own lock provider over the same table. */
    private JdbcTemplateLockProvider anotherNode() {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource)).withTableName(NodeLocks.TABLE).usingDbTime()
                .withLockedByValue("another-node").build());
    }
}
