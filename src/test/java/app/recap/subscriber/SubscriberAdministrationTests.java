package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ByteArrayResource;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;

/**
 * Subscriber search, import, suppression and erasure against a real database (H2, and PostgreSQL in the suite's
 * PostgreSQL run): the same SQL must find the same people on both.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:subscriber-admin;DB_CLOSE_DELAY=-1")
@Tag("database")
class SubscriberAdministrationTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired SubscriberDirectory directory;
    @Autowired SubscriberRepository subscribers;
    @Autowired SubscriberImport imports;
    @Autowired SubscriberEditor editor;
    @Autowired Suppressions suppressions;
    @Autowired ListRepository lists;
    @Autowired AudienceRepository audiences;

    Audience developers;
    Audience founders;
    NewsletterList list;
    NewsletterList other;

    @BeforeEach
    void world() {
        developers = audiences.ensure("developers-engineers", "Developers & Engineers", null, List.of());
        founders = audiences.ensure("founders-investors", "Founders & Investors", null, List.of());
        String suffix = Long.toString(System.nanoTime(), 36);
        list = lists.create(list("main-" + suffix), List.of(developers.id(), founders.id()), AT);
        other = lists.create(list("other-" + suffix), List.of(), AT);
    }

    private static NewsletterList list(String slug) {
        return new NewsletterList(0, slug, "List " + slug, "Recap", "digest@recap.example", null, "1 Test Street",
                DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false);
    }

    private List<String> emails(SubscriberDirectory.Page page) {
        return page.content().stream().map(SubscriberDirectory.Entry::email).toList();
    }

    @Test
    void findsByTheStartOfAnAddressOrANameInAnyCaseAndTakesWildcardsLiterally() {
        String tag = "q" + Long.toString(System.nanoTime(), 36);
        subscribers.subscribe(list.id(), tag + "-ada@example.com", "Ada Lovelace", null, List.of(),
                SubscriptionStatus.CONFIRMED, AT);
        subscribers.subscribe(list.id(), tag + "-alan@example.com", tag + " Turing", null, List.of(),
                SubscriptionStatus.CONFIRMED, AT);
        subscribers.subscribe(list.id(), tag + "_x@example.com", null, null, List.of(), SubscriptionStatus.CONFIRMED, AT);

        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag.toUpperCase() + "-A", null, null, null),
                null, 10))).containsExactly(tag + "-ada@example.com", tag + "-alan@example.com");
        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag + " tur", null, null, null), null, 10)))
                .containsExactly(tag + "-alan@example.com");
        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag + "_", null, null, null), null, 10)))
                .containsExactly(tag + "_x@example.com");
        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag + "-ada@example.com", null, null, null),
                null, 10))).containsExactly(tag + "-ada@example.com");
    }

    @Test
    void searchesForQuotesAndBackslashesAsPlainText() {
        String tag = "o" + Long.toString(System.nanoTime(), 36);
        subscribers.subscribe(list.id(), tag + "'brien@example.com", "Pat O'Brien \\ Sons", null, List.of(),
                SubscriptionStatus.CONFIRMED, AT);

        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag + "'b", null, null, null), null, 10)))
                .containsExactly(tag + "'brien@example.com");
        assertThat(directory.search(new SubscriberDirectory.Filter("x' or '1'='1", null, null, null), null, 10)
                .content()).isEmpty();
        assertThat(directory.search(new SubscriberDirectory.Filter("pat o'brien \\", null, null, null), null, 10)
                .content()).extracting(SubscriberDirectory.Entry::email).contains(tag + "'brien@example.com");
        assertThat(directory.search(new SubscriberDirectory.Filter("\\' or 1=1 --", null, null, null), null, 10)
                .content()).isEmpty();
    }

    @Test
    void filtersByListStatusAndAudienceAndPagesByKeyWithoutGapsOrRepeats() {
        List<String> expected = new ArrayList<>();
        String tag = "p" + Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < 23; i++) {
            String email = tag + "-" + i + "@example.com";
            SubscriptionStatus status = i % 5 == 0 ? SubscriptionStatus.UNSUBSCRIBED : SubscriptionStatus.CONFIRMED;
            List<Long> chosen = i % 2 == 0 ? List.of(developers.id()) : List.of(founders.id(), developers.id());
            subscribers.subscribe(list.id(), email, null, null, chosen, status, AT);
            if (i % 3 == 0) {
                subscribers.subscribe(other.id(), email, null, null, List.of(), SubscriptionStatus.CONFIRMED, AT);
            }
            if (status == SubscriptionStatus.CONFIRMED && i % 2 == 1) {
                expected.add(email);
            }
        }
        var filter = new SubscriberDirectory.Filter(null, list.id(), "confirmed", founders.id());
        List<String> seen = new ArrayList<>();
        Long after = null;
        int pages = 0;
        do {
            var page = directory.search(filter, after, 4);
            seen.addAll(emails(page));
            after = page.next();
            pages++;
        } while (after != null);

        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo((expected.size() + 3) / 4);
        var one = directory.findByEmail(tag + "-3@example.com").orElseThrow();
        assertThat(one.subscriptions()).extracting(m -> m.listSlug() + ":" + m.status())
                .containsExactlyInAnyOrder(list.slug() + ":CONFIRMED", other.slug() + ":CONFIRMED");
        assertThat(one.subscriptions().stream().filter(m -> m.listId() == list.id()).findFirst().orElseThrow()
                .audienceIds()).containsExactly(founders.id(), developers.id());
        assertThat(emails(directory.search(new SubscriberDirectory.Filter(tag, null, "UNSUBSCRIBED", null), null, 50)))
                .containsExactly(tag + "-0@example.com", tag + "-5@example.com", tag + "-10@example.com",
                        tag + "-15@example.com", tag + "-20@example.com");
    }

    @Test
    void importsUpsertsByAddressAndRecordsRejectedRows() throws Exception {
        String tag = "i" + Long.toString(System.nanoTime(), 36);
        subscribers.subscribe(list.id(), tag + "-known@example.com", "Old Name", null, List.of(developers.id()),
                SubscriptionStatus.UNCONFIRMED, AT);
        suppressions.add(tag + "-blocked@example.com", "complained", "test", AT);
        String csv = "email,audiences,name\n"
                + tag + "-known@example.com,founders-investors,New Name\n"
                + tag + "-new@example.com,,\n"
                + tag + "-blocked@example.com,,\n"
                + tag + "-new@example.com,,Again\n"
                + tag + "-bad@@example.com,,\n"
                + tag + "-aud@example.com,astrology,\n";

        var result = imports.run(list, new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)), "t.csv", "tester");

        assertThat(result.rowsRead()).isEqualTo(6);
        assertThat(result.created()).isEqualTo(2);
        assertThat(result.updated()).isEqualTo(1);
        assertThat(result.rejected()).isEqualTo(3);
        var known = directory.findByEmail(tag + "-known@example.com").orElseThrow();
        assertThat(known.name()).isEqualTo("New Name");
        assertThat(known.subscriptions().get(0).status()).isEqualTo(SubscriptionStatus.CONFIRMED);
        assertThat(known.subscriptions().get(0).audienceIds()).containsExactly(founders.id());
        assertThat(directory.findByEmail(tag + "-blocked@example.com").orElseThrow().status()).isEqualTo(SubscriberStatus.BLOCKLISTED);
        assertThat(imports.rejections(result.importId(), 10)).extracting(SubscriberImport.Rejection::row,
                SubscriberImport.Rejection::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(5L, "duplicate of row 3"),
                        org.assertj.core.groups.Tuple.tuple(6L, "not a valid email address"),
                        org.assertj.core.groups.Tuple.tuple(7L, "unknown audience \"astrology\""));
        StringWriter report = new StringWriter();
        imports.writeReport(result.importId(), report);
        assertThat(report.toString()).startsWith("row,email,name,audiences,reason");
    }

    @Test
    void aFileWithTheWrongHeaderChangesNothing() {
        String csv = "mail,name\nnobody-" + System.nanoTime() + "@example.com,X\n";
        long before = imports.recent(1000).size();

        assertThatThrownBy(() -> imports.run(list, new ByteArrayResource(csv.getBytes(StandardCharsets.UTF_8)),
                "t.csv", "tester")).isInstanceOf(SubscriberImport.RefusedException.class)
                .hasMessageContaining("Unknown column \"mail\"");
        assertThat(imports.recent(1000)).hasSize((int) before);
    }

    @Test
    void erasingRemovesPersonalDataAndSubscriptions() {
        String email = "erase-" + System.nanoTime() + "@example.com";
        long id = subscribers.subscribe(list.id(), email, "Secret Name", "Europe/Paris", List.of(developers.id()),
                SubscriptionStatus.CONFIRMED, AT);

        assertThat(editor.erase(id)).isTrue();

        var erased = directory.find(id).orElseThrow();
        assertThat(erased.email()).isEqualTo("erased-" + id + "@erased.invalid");
        assertThat(erased.name()).isNull();
        assertThat(erased.timeZone()).isNull();
        assertThat(erased.subscriptions()).isEmpty();
        assertThat(directory.findByEmail(email)).isEmpty();
    }
}
