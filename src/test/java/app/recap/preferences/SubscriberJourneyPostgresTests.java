package app.recap.preferences;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.support.Postgres;

/** The subscriber journey on a real PostgreSQL: the V6 migration and every query of the public side. */
class SubscriberJourneyPostgresTests extends SubscriberJourneyTests {

    @BeforeAll
    static void notRoot() {
        Postgres.assumeNotRoot();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("subscriber_side"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
