package app.recap.ingest;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.support.Postgres;

/** Ingestion end to end on a real PostgreSQL: the same migrations, queries and concurrent saves as production. */
class FeedIngestionPostgresTests extends FeedIngestionTestBase {

    @BeforeAll
    static void onlyAsNormalUser() {
        Postgres.assumeNotRoot();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("ingest"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
    }
}
