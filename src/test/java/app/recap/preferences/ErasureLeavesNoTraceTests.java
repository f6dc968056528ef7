package app.recap.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import app.recap.admin.accounts.AdminAccounts;
import app.recap.admin.accounts.Role;
import app.recap.delivery.WeeklyDigest;
import app.recap.edition.IsoWeek;
import app.recap.subscriber.NewsletterList;
import app.recap.support.TestWorld;

/**
 * After an erasure, whoever asked for it, the address is nowhere in the database: every table and every text
 * column is searched, found through the database's own metadata so that a table added later is searched too
 * (on H2, and on PostgreSQL in the suite's PostgreSQL run). Before erasing, each subscriber's address is spread
 * the way real use spreads it: a sent edition with a relay error quoting it, a refused import row, an
 * administrator's suppression and its lifting in the audit log, and an outgoing webhook event naming them.
 */
class ErasureLeavesNoTraceTests extends SubscriberSideTestBase {

    @Autowired app.recap.subscriber.SubscriberImport importRecords;

    static final IsoWeek W48 = IsoWeek.parse(TestWorld.WEEK);
    static final String ADMIN = "eraser@recap.example";
    static final String ADMIN_PASSWORD = "erasure test password";
    private static final Set<Integer> TEXT_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);

    @Autowired WeeklyDigest weeklyDigest;
    @Autowired AdminAccounts accounts;
    @Autowired DataSource dataSource;
    @Autowired ApplicationEventPublisher events;
    @Autowired SubscriberData subscriberData;

    @BeforeEach
    void administrator() {
        if (accounts.findByEmail(ADMIN).isEmpty()) {
            accounts.create(ADMIN, ADMIN_PASSWORD, Role.ADMIN);
        }
        // an endpoint that hears every event; its host does not resolve, so the outbox keeps what it was to send
        jdbc.sql("""
                insert into webhook_endpoint (url, secret, events, enabled, created_at)
                values ('https://hooks.erasure.invalid/recap', 'whsec_erasure', ?, true, current_timestamp)""")
                .param("subscribed,confirmed,unsubscribed,bounced,complained,edition.sent").update();
    }

    @AfterEach
    void noEndpoint() {
        // the outbox rows go with it (on delete cascade), so the other tests sharing this database hear nothing
        jdbc.sql("delete from webhook_endpoint where url = 'https://hooks.erasure.invalid/recap'").update();
    }

    @Test
    void anAdministratorsErasureLeavesTheAddressInNoTable() throws Exception {
        Subject subject = spreadAcrossTheDatabase("trace-admin", false);

        mvc.perform(delete("/api/subscribers/" + subject.id()).with(admin())).andExpect(status().isNoContent());

        assertThat(columnsHolding(subject.address())).isEmpty();
        // scrubbed, not deleted: the endpoint's delivery log keeps the event, naming the subscriber by id only
        assertThat(jdbc.sql("select payload from webhook_delivery where event_type = 'confirmed'").query(String.class)
                .list()).singleElement().asString()
                .contains("\"id\":" + subject.id() + ",", "\"email\":null", "\"name\":null", "\"erased\":true");
    }

    @Test
    void aSubscribersOwnErasureLeavesTheAddressInNoTable() throws Exception {
        Subject subject = spreadAcrossTheDatabase("trace-self", false);

        mvc.perform(post(path(links.preferencesUrl(subject.id(), subject.list().id())) + "/erase").with(csrf()))
                .andExpect(status().isOk());

        assertThat(columnsHolding(subject.address())).isEmpty();
    }

    @Test
    void aSuppressedAddressStaysOnlyWhereItStopsMailEitherWay() throws Exception {
        Subject byAdmin = spreadAcrossTheDatabase("trace-suppressed-admin", true);
        Subject bySelf = spreadAcrossTheDatabase("trace-suppressed-self", true);

        mvc.perform(delete("/api/subscribers/" + byAdmin.id()).with(admin())).andExpect(status().isNoContent());
        mvc.perform(post(path(links.preferencesUrl(bySelf.id(), bySelf.list().id())) + "/erase").with(csrf()))
                .andExpect(status().isOk());

        assertThat(columnsHolding(byAdmin.address())).containsExactly("subscriber.email", "suppression.email");
        assertThat(columnsHolding(bySelf.address())).containsExactly("subscriber.email", "suppression.email");
    }

    record Subject(long id, String address, NewsletterList list) {
    }

    /**
     * One confirmed subscriber of a new list, whose address is then written where the application writes
     * addresses; the search must find it in each of those places before the erasure.
     */
    private Subject spreadAcrossTheDatabase(String slug, boolean staySuppressed) throws Exception {
        NewsletterList list = world.listWithSubscribers(slug, 1);
        String address = slug + "-reader0@example.com";
        long id = subscribers.findByEmail(address).orElseThrow().id();
        assertThat(weeklyDigest.run(slug, W48).jobStatus()).isEqualTo("COMPLETED");
        // a relay's words for an earlier attempt, which quote the address as relays do
        jdbc.sql("update delivery set last_error = ? where subscriber_id = ?")
                .params("451 4.2.2 <" + address + ">: mailbox full, try again later", id).update();
        // the address refused by an import (in another case, as a file may have it)
        String importAt = mvc.perform(post("/api/lists/" + slug + "/imports").with(admin()).contentType("text/csv")
                .content("email,name,audiences\n" + address.toUpperCase(Locale.ROOT) + ",Ada,no-such-audience\n"))
                .andExpect(status().isAccepted()).andReturn().getResponse().getHeader("Location");
        long importId = Long.parseLong(importAt.substring(importAt.lastIndexOf('/') + 1));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> importRecords.find(importId).orElseThrow().status().ended());
        mvc.perform(post("/api/suppressions").with(admin()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"email\": \"" + address + "\", \"reason\": \"asked by phone\"}"))
                .andExpect(status().isCreated());
        if (!staySuppressed) {
            mvc.perform(delete("/api/suppressions/" + address).with(admin())).andExpect(status().isNoContent());
        }
        // the confirmation as the sign-up flow announces it: the webhook outbox writes the address into its payload
        String preferences = links.preferencesUrl(id, list.id());
        events.publishEvent(new SubscriptionConfirmed(id, list.id(), address, null, preferences, preferences));
        // "download my data" names the one event told about them (the edition's own event names nobody)
        assertThat(subscriberData.export(id).get("webhookEvents")).asInstanceOf(InstanceOfAssertFactories.LIST)
                .hasSize(1);
        Set<String> before = columnsHolding(address);
        assertThat(before).contains("subscriber.email", "delivery.last_error", "subscriber_import_rejection.email",
                "audit_log.target_id", "webhook_delivery.payload");
        if (staySuppressed) {
            assertThat(before).contains("suppression.email");
        }
        return new Subject(id, address, list);
    }

    /** Every {@code table.column} (lower case) of the application's schema whose text contains {@code text}, any case. */
    private Set<String> columnsHolding(String text) throws SQLException {
        Set<String> found = new TreeSet<>();
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String schema = connection.getSchema();
            String quote = meta.getIdentifierQuoteString();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet tables = meta.getTables(connection.getCatalog(), schema, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    String table = tables.getString("TABLE_NAME");
                    try (ResultSet cols = meta.getColumns(connection.getCatalog(), schema, table, "%")) {
                        while (cols.next()) {
                            if (TEXT_TYPES.contains(cols.getInt("DATA_TYPE"))) {
                                columns.add(new String[] {table, cols.getString("COLUMN_NAME")});
                            }
                        }
                    }
                }
            }
            assertThat(columns).as("text columns found through the metadata").hasSizeGreaterThan(50);
            for (String[] column : columns) {
                String sql = "select count(*) from " + quote + column[0] + quote + " where lower(" + quote + column[1]
                        + quote + ") like ?";
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    // the addresses used here hold no LIKE wildcards
                    ps.setString(1, "%" + text.toLowerCase(Locale.ROOT) + "%");
                    try (ResultSet count = ps.executeQuery()) {
                        count.next();
                        if (count.getLong(1) > 0) {
                            found.add((column[0] + "." + column[1]).toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** A script signed in as the admin: Basic, and the header API clients send with bodiless requests. */
    private static RequestPostProcessor admin() {
        return request -> {
            request.addHeader("X-Requested-With", "test");
            return httpBasic(ADMIN, ADMIN_PASSWORD).postProcessRequest(request);
        };
    }
}
