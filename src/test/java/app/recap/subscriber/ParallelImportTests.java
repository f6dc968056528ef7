package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import app.recap.audience.Audience;
import app.recap.audience.AudienceRepository;

/**
 * An import written by several writers at once ({@code recap.imports.writers}) ends as the same import written by
 * one: the same counts, subscriptions, audiences and rejection report, its progress told in file order in the
 * importing thread, and a stop in the middle counting every row it wrote. On H2, and on PostgreSQL in the suite's
 * PostgreSQL run (whose profile writes with two writers everywhere else too).
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:parallel-import;DB_CLOSE_DELAY=-1")
@Tag("database")
class ParallelImportTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");
    /** Five batches and a part, so rows of every kind fall into several batches. */
    static final int ROWS = 5 * SubscriberImport.BATCH_SIZE + 321;

    @Autowired PlatformTransactionManager transactions;
    @Autowired Topics topics;
    @Autowired EmailAddresses addresses;
    @Autowired ImportUpsert upsert;
    @Autowired ImportHistory history;
    @Autowired Clock clock;
    @Autowired SubscriberRepository subscribers;
    @Autowired ListRepository lists;
    @Autowired AudienceRepository audiences;
    @Autowired JdbcClient jdbc;

    Audience developers;
    Audience founders;

    @BeforeEach
    void audiences() {
        developers = audiences.ensure("developers-engineers", "Developers & Engineers", null, List.of());
        founders = audiences.ensure("founders-investors", "Founders & Investors", null, List.of());
    }

    private SubscriberImport importer(int writers) {
        return new SubscriberImport(transactions, topics, addresses, upsert, history, clock,
                new ImportProperties(1, 1, java.nio.file.Path.of("target"), 1000, Duration.ofSeconds(10),
                        Duration.ofMinutes(1), writers));
    }

    private NewsletterList list(String prefix) {
        String slug = prefix + "-" + Long.toString(System.nanoTime(), 36);
        return lists.create(new NewsletterList(0, slug, "List " + slug, "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(developers.id(), founders.id()), AT);
    }

    /**
     * A file of every kind of row, spread over the batches: new addresses with and without audiences, addresses
     * already on the list (some unconfirmed, some unsubscribed), invalid addresses, unknown audiences and
     * duplicates of rows several batches back. The addresses are at {@code domain}.
     */
    private byte[] file(NewsletterList list, String domain) {
        StringBuilder csv = new StringBuilder("email,name,audiences\n");
        for (int i = 0; i < ROWS; i++) {
            String address = "r" + i + "@" + domain;
            switch (i % 13) {
                case 3 -> subscribers.subscribe(list.id(), address, "Old " + i, null, List.of(developers.id()),
                        SubscriptionStatus.UNCONFIRMED, AT);
                case 4 -> {
                    subscribers.subscribe(list.id(), address, null, null, List.of(), SubscriptionStatus.CONFIRMED, AT);
                    jdbc.sql("update subscription set status = 'UNSUBSCRIBED' where list_id = ? and subscriber_id = "
                            + "(select id from subscriber where email = ?)").params(list.id(), address).update();
                }
                default -> {
                }
            }
            String row = switch (i % 13) {
                case 5 -> "r" + i + "@@" + domain + ",Bad " + i + ",";
                case 6 -> address + ",Unknown " + i + ",astrology";
                case 7 -> i > 2500 ? "r" + (i - 2500) + "@" + domain + ",Again " + i + "," : address + ",,";
                case 8 -> address + ",Both " + i + ",founders-investors;developers-engineers";
                default -> address + ",Reader " + i + "," + (i % 2 == 0 ? "developers-engineers" : "");
            };
            csv.append(row).append('\n');
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Each subscription of the list as "local part: status, audiences in order, audience key, name", sorted. */
    private Map<String, String> outcome(NewsletterList list) {
        Map<String, List<Long>> audienceIds = new TreeMap<>();
        jdbc.sql("""
                select u.email, a.audience_id from subscription_audience a join subscriber u on u.id = a.subscriber_id
                where a.list_id = ? order by u.email, a.sort_order""").param(list.id())
                .query((rs, n) -> audienceIds.computeIfAbsent(local(rs.getString(1)), k -> new ArrayList<>())
                        .add(rs.getLong(2))).list();
        Map<String, String> rows = new TreeMap<>();
        jdbc.sql("""
                select u.email, u.name, s.status, s.audience_key from subscription s join subscriber u on u.id = s.subscriber_id
                where s.list_id = ?""").param(list.id()).query((rs, n) -> rows.put(local(rs.getString(1)),
                        rs.getString(3) + " " + audienceIds.getOrDefault(local(rs.getString(1)), List.of()) + " "
                                + rs.getString(4) + " " + rs.getString(2))).list();
        return rows;
    }

    private static String local(String email) {
        return email.substring(0, email.indexOf('@'));
    }

    private String report(long importId, String domain) throws Exception {
        StringWriter out = new StringWriter();
        importer(1).writeReport(importId, out);
        return out.toString().replace(domain, "domain");
    }

    @Test
    void twoWritersEndAsOneDoesAndTellTheProgressInFileOrderInTheImportingThread() throws Exception {
        String tag = Long.toString(System.nanoTime(), 36);
        NewsletterList oneList = list("one");
        NewsletterList twoList = list("two");
        String oneDomain = "one-" + tag + ".example";
        String twoDomain = "two-" + tag + ".example";
        byte[] oneFile = file(oneList, oneDomain);
        byte[] twoFile = file(twoList, twoDomain);

        var one = importer(1).run(oneList, new ByteArrayResource(oneFile), "one.csv", "tester");
        List<SubscriberImport.Result> told = new ArrayList<>();
        List<Thread> tellers = new ArrayList<>();
        SubscriberImport two = importer(2);
        long id = history.started(twoList, "two.csv", "tester", AT, ROWS);
        var parallel = two.run(id, twoList, new ByteArrayResource(twoFile), "two.csv", "tester", soFar -> {
            told.add(soFar);
            tellers.add(Thread.currentThread());
        });

        assertThat(parallel).usingRecursiveComparison().ignoringFields("importId").isEqualTo(one);
        assertThat(one.rowsRead()).isEqualTo(ROWS);
        assertThat(one.rejected()).isPositive();
        assertThat(one.updated()).isPositive();
        // the unsubscribed ones stay so and count as updated
        assertThat(outcome(twoList)).isEqualTo(outcome(oneList)).hasSize((int) (one.created() + one.updated()))
                .anySatisfy((local, row) -> assertThat(row).startsWith("UNSUBSCRIBED "))
                .anySatisfy((local, row) -> assertThat(row).startsWith("CONFIRMED ["
                        + founders.id() + ", " + developers.id() + "] " + founders.id() + "," + developers.id()));
        assertThat(report(parallel.importId(), twoDomain)).isEqualTo(report(one.importId(), oneDomain));
        assertThat(tellers).containsOnly(Thread.currentThread());
        assertThat(told).extracting(SubscriberImport.Result::rowsRead).isSorted().doesNotHaveDuplicates()
                .endsWith((long) ROWS).hasSizeGreaterThan(3);
        assertThat(told).extracting(SubscriberImport.Result::created).isSorted();
    }

    @Test
    void aStopWhileBatchesAreInFlightCountsEveryRowTheyWrote() {
        String domain = "stop-" + Long.toString(System.nanoTime(), 36) + ".example";
        NewsletterList list = list("stop");
        StringBuilder csv = new StringBuilder("email,name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("r").append(i).append('@').append(domain).append(",Reader ").append(i).append('\n');
        }
        List<SubscriberImport.Result> told = new ArrayList<>();
        long id = history.started(list, "stop.csv", "tester", AT, ROWS);

        assertThatThrownBy(() -> importer(3).run(id, list, new ByteArrayResource(csv.toString()
                .getBytes(StandardCharsets.UTF_8)), "stop.csv", "tester", soFar -> {
                    told.add(soFar);
                    throw new SubscriberImport.ImportStopped("the server is stopping");
                })).isInstanceOf(SubscriberImport.ImportStopped.class);

        // the first batch was told and stopped the import; those in flight then still committed and were told too
        assertThat(told).isNotEmpty();
        SubscriberImport.Result last = told.get(told.size() - 1);
        assertThat(last.rowsRead()).isLessThan(ROWS);
        assertThat(subscribers.countActive(list.id())).isEqualTo(last.created()).isEqualTo(last.rowsRead());
    }
}
