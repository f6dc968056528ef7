package app.recap.support;

import java.io.IOException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One real PostgreSQL server (zonky's embedded binaries) shared by every test in the JVM, one database per
 * application context. Started as root, zonky's binaries run the server as {@code nobody}.
 */
public final class Postgres {

    /** Many cached application contexts, each with its own pool, share the one server. */
    private static final String MAX_CONNECTIONS = "400";

    private static EmbeddedPostgres server;

    private Postgres() {
    }

    /** Creates {@code database} on the shared server (started on first use) unless it exists; returns its URL. */
    public static synchronized String jdbcUrl(String database) {
        if (server == null) {
            try {
                var builder = EmbeddedPostgres.builder().setServerConfig("max_connections", MAX_CONNECTIONS);
                if (Boolean.getBoolean("bench.pgstat")) { // the import benchmark's statement profile
                    builder.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                            .setServerConfig("pg_stat_statements.track", "all");
                }
                server = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // the JVM is exiting anyway
                }
            }));
        }
        try (var c = server.getPostgresDatabase().getConnection(); var s = c.createStatement()) {
            s.execute("create database " + database);
        } catch (java.sql.SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // already exists
                throw new IllegalStateException(e);
            }
        }
        return server.getJdbcUrl("postgres", database);
    }
}
