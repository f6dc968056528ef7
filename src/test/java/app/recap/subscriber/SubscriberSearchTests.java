package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import app.recap.subscriber.SubscriberDirectory.Entry;
import app.recap.subscriber.SubscriberDirectory.Filter;
import app.recap.subscriber.SubscriberDirectory.Order;
import app.recap.support.TestDatabase;

/**
 * The substring search as the subscribers screen uses it, on H2 with its in-memory copy built (and, in the
 * suite's PostgreSQL run, on PostgreSQL's trigram indexes, where no copy exists): any part of an address or a
 * name, subscribers added after the copy, deleted or renamed since, wildcards taken literally, the bounded total,
 * and paging in name order.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:subscriber-search;DB_CLOSE_DELAY=-1")
@Tag("database")
class SubscriberSearchTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired SubscriberDirectory directory;
    @Autowired SubscriberSearchIndex index;
    @Autowired SubscriberRepository subscribers;
    @Autowired SubscriberEditor editor;
    @Autowired SubscriberErasure erasure;
    @Autowired ListRepository lists;
    @Autowired JdbcTemplate jdbc;

    String tag;
    NewsletterList list;

    @BeforeEach
    void subscribersThenTheCopy() {
        tag = "q" + Long.toString(System.nanoTime(), 36);
        list = lists.create(new NewsletterList(0, "search-" + tag, "List", "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(), AT);
        add("wei.chen", "Wei Chen " + tag);
        add("ada", "Ada Lovelace " + tag);
        add("grace", "Grace 100%_" + tag);
        add("plain", null);
        if (!TestDatabase.isPostgresql()) {
            index.build();
            assertThat(index.ready()).isTrue();
        }
    }

    @Test
    void findsAPartInTheMiddleOfANameAndOfAnAddress() {
        assertThat(emails(tag.substring(2) + "-wei.ch")).containsExactly(address("wei.chen"));
        assertThat(emails("chen " + tag)).containsExactly(address("wei.chen"));
        assertThat(emails("LOVELACE " + tag.toUpperCase(Locale.ROOT))).containsExactly(address("ada"));
        // with an @ the address only: the name's part is not looked at
        assertThat(emails(tag.substring(2) + "-plain@exa")).containsExactly(address("plain"));
        assertThat(emails("chen " + tag + "@")).isEmpty();
        if (!TestDatabase.isPostgresql()) {
            long id = directory.findByEmail(address("wei.chen")).orElseThrow().id();
            assertThat(index.candidates("chen " + tag, false)).hasValueSatisfying(ids -> assertThat(ids).contains(id));
        }
    }

    @Test
    void findsASubscriberAddedAfterTheCopyWasBuilt() {
        add("late", "Late Comer " + tag);
        assertThat(emails("comer " + tag)).containsExactly(address("late"));
        assertThat(emails(tag + "-lat")).containsExactly(address("late"));
        assertThat(directory.total(new Filter(tag, null, null, null))).isEqualTo(new SubscriberDirectory.Total(5, false));
    }

    @Test
    void doesNotFindADeletedOrRenamedSubscriberByWhatTheyWere() {
        long ada = directory.findByEmail(address("ada")).orElseThrow().id();
        long wei = directory.findByEmail(address("wei.chen")).orElseThrow().id();
        erasure.erase(ada, SubscriberErasure.Remains.NOTHING);
        editor.rename(wei, "Someone Else " + tag);
        assertThat(emails("lovelace " + tag)).isEmpty();
        assertThat(emails("chen " + tag)).isEmpty();
        // and the new name is found at once, before any rebuild
        assertThat(emails("else " + tag)).containsExactly(address("wei.chen"));
        assertThat(directory.count(new Filter(tag, null, null, null))).isEqualTo(3);
    }

    @Test
    void takesWildcardsLiterally() {
        assertThat(emails("100%_" + tag)).containsExactly(address("grace"));
        assertThat(emails("1_0%" + tag)).isEmpty();
        assertThat(emails("%" + tag)).isEmpty();
        assertThat(emails("_" + tag)).containsExactly(address("grace"));
    }

    @Test
    void pagesThroughNameOrderWithoutSkippingOrRepeating() {
        // many equal names and missing ones, so pages break inside runs of the same key
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            rows.add(new Object[] {tag + "-many" + i + "@example.com", i % 4 == 0 ? null : tag + " name " + (i % 7),
                    SubscriberStatus.ENABLED.name(), AT.atOffset(ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("insert into subscriber (email, name, status, created_at) values (?, ?, ?, ?)", rows);
        Filter filter = new Filter(tag, null, null, null);
        for (Order order : List.of(Order.NAME, Order.NAME_DESC)) {
            List<Entry> all = directory.search(filter, (String) null, 500, order).content();
            assertThat(all).hasSize(124);
            List<String> keys = all.stream().map(e -> e.name() == null ? "" : e.name().toLowerCase(Locale.ROOT)).toList();
            List<String> sorted = new ArrayList<>(keys);
            sorted.sort(order.descending() ? java.util.Comparator.reverseOrder() : java.util.Comparator.naturalOrder());
            assertThat(keys).containsExactlyElementsOf(sorted);
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            do {
                var page = directory.search(filter, cursor, 7, order);
                page.content().forEach(e -> seen.add(e.id()));
                cursor = page.cursor();
            } while (cursor != null);
            assertThat(seen).as(order.parameter()).containsExactlyElementsOf(all.stream().map(Entry::id).toList());
        }
        // and without a query (all subscribers, the case the name index is for)
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = directory.search(Filter.ALL, cursor, 50, Order.NAME);
            page.content().forEach(e -> seen.add(e.id()));
            cursor = page.cursor();
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().hasSize((int) directory.count(Filter.ALL));
    }

    @Test
    void countsTheScreensTotalUpToTheBound() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i <= SubscriberDirectory.TOTAL_BOUND; i++) {
            rows.add(new Object[] {tag + "-bulk" + i + "@example.com", null, SubscriberStatus.ENABLED.name(),
                    AT.atOffset(ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("insert into subscriber (email, name, status, created_at) values (?, ?, ?, ?)", rows);
        Filter bulk = new Filter(tag + "-bulk", null, null, null);
        assertThat(directory.total(bulk)).isEqualTo(new SubscriberDirectory.Total(SubscriberDirectory.TOTAL_BOUND, true));
        assertThat(directory.count(bulk)).isEqualTo(SubscriberDirectory.TOTAL_BOUND + 1);
        assertThat(directory.total(new Filter(tag + "-bulk100", null, null, null)))
                .isEqualTo(new SubscriberDirectory.Total(12, false)); // bulk100, bulk1000 to bulk1009, bulk10000
    }

    private void add(String local, String name) {
        subscribers.subscribe(list.id(), address(local), name, null, List.of(), SubscriptionStatus.CONFIRMED, AT);
    }

    private String address(String local) {
        return tag + "-" + local + "@example.com";
    }

    private List<String> emails(String query) {
        return directory.search(new Filter(query, null, null, null), (String) null, 50, Order.OLDEST).content().stream()
                .map(Entry::email).toList();
    }
}
