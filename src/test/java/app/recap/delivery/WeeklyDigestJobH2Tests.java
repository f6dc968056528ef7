package app.recap.delivery;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The weekly job on the embedded default database, H2. */
class WeeklyDigestJobH2Tests extends WeeklyDigestJobTestBase {

    private static final int SMTP_PORT = 3925;

    @BeforeAll
    static void smtp() {
        startSmtp(SMTP_PORT);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:weekly-job;DB_CLOSE_DELAY=-1");
        registry.add("recap.mail.port", () -> SMTP_PORT);
    }
}
