package app.recap.admin;

import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.admin.accounts.AdminAccounts;
import app.recap.admin.accounts.Role;
import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberImport;

/**
 * The whole application on an in-memory H2 database, driven through MockMvc with the real security filter
 * chains. Every test class shares one context; tests make their own uniquely named lists and addresses.
 */
@SpringBootTest(properties = {"recap.admin.email=root@recap.example", "recap.admin.password=correct horse battery",
        "spring.datasource.url=jdbc:h2:mem:admin-api;DB_CLOSE_DELAY=-1", "recap.base-url=https://recap.example"})
@AutoConfigureMockMvc
@Tag("database")
public abstract class AdminApiTestBase {

    protected static final String ADMIN = "root@recap.example";
    protected static final String ADMIN_PASSWORD = "correct horse battery";
    protected static final String EDITOR = "editor@recap.example";
    protected static final String EDITOR_PASSWORD = "editor password 123";
    private static final AtomicInteger sequence = new AtomicInteger();

    @Autowired protected MockMvc mvc;
    @Autowired protected AdminAccounts accounts;
    @Autowired protected AudienceRepository audiences;
    @Autowired protected ListRepository lists;
    @Autowired protected SubscriberImport importRecords;

    protected Audience developers;
    protected Audience security;

    @BeforeEach
    void accountsAndAudiences() {
        if (accounts.findByEmail(EDITOR).isEmpty()) {
            accounts.create(EDITOR, EDITOR_PASSWORD, Role.EDITOR);
        }
        developers = audiences.ensure("developers-engineers", "Developers & Engineers", "Builders", List.of("api"));
        security = audiences.ensure("enterprise-security-teams", "Enterprise & Security Teams", "Defenders",
                List.of("breach"));
    }

    /**
     * A script signed in as the first admin: HTTP Basic, and the {@code X-Requested-With} header that API clients
     * send so their form-typed or empty POSTs are told apart from a form another site made a browser submit.
     */
    protected static RequestPostProcessor admin() {
        return script(httpBasic(ADMIN, ADMIN_PASSWORD));
    }

    protected static RequestPostProcessor editor() {
        return script(httpBasic(EDITOR, EDITOR_PASSWORD));
    }

    protected static RequestPostProcessor script(RequestPostProcessor credentials) {
        return request -> {
            request.addHeader("X-Requested-With", "recap-tests");
            return credentials.postProcessRequest(request);
        };
    }

    /** A request from its own client address, so throttling in one test never touches another. */
    protected static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    protected static String unique(String prefix) {
        return prefix + "-" + sequence.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    /**
     * Waits for the import at {@code location} (its API URL or its page, ending in its id) to end, as a person
     * watching its page would: imports run in the background.
     */
    protected SubscriberImport.Record importEnded(String location) {
        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> importRecords.find(id).orElseThrow(), r -> r.status().ended());
    }

    protected NewsletterList list(String slug) {
        return lists.create(new NewsletterList(0, slug, "List " + slug, "Recap Test", "digest@recap.example", null,
                "1 Test Street, Bristol", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("Europe/London"),
                Locale.ENGLISH, true, false), List.of(developers.id(), security.id()), Instant.parse("2026-11-01T00:00:00Z"));
    }
}
