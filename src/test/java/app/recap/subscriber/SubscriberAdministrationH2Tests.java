package app.recap.subscriber;

import org.springframework.test.context.TestPropertySource;

/** Subscriber administration on the embedded default database. */
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:subscriber-admin;DB_CLOSE_DELAY=-1")
class SubscriberAdministrationH2Tests extends SubscriberAdministrationTestBase {
}
