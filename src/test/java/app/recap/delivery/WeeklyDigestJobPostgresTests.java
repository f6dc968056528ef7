package app.recap.delivery;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.recap.support.Postgres;

/** The weekly job on a real PostgreSQL: the same migrations, queries and job repository as production. */
class WeeklyDigestJobPostgresTests extends WeeklyDigestJobTestBase {

    private static final int SMTP_PORT = 3926;

    @BeforeAll
    static void smtp() {
        Postgres.assumeNotRoot();
        startSmtp(SMTP_PORT);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> Postgres.jdbcUrl("weekly_job"));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        registry.add("recap.mail.port", () -> SMTP_PORT);
    }
}
