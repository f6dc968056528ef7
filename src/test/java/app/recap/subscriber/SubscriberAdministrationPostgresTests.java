package app.recap.subscriber;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.support.Postgres;

/**
 * Subscriber administration on a real PostgreSQL: the generated name column, the pattern-operator indexes of the
 * PostgreSQL-only migration, and the same search SQL as on H2.
 */
class SubscriberAdministrationPostgresTests extends SubscriberAdministrationTestBase {

    @BeforeAll
    static void notRoot() {
        Postgres.assumeNotRoot();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("subscriber_admin"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
