package app.recap.ingest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Turns a feed on or off for the scheduled fetch; a disabled feed keeps its stories and status. */
@Repository
public class FeedSwitch {

    private final JdbcClient jdbc;

    FeedSwitch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false when there is no such feed */
    public boolean setEnabled(long feedId, boolean enabled) {
        return jdbc.sql("update feed_source set enabled = ? where id = ?").params(enabled, feedId).update() > 0;
    }
}
