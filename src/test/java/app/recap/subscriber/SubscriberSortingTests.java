package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import app.recap.subscriber.SubscriberDirectory.Entry;
import app.recap.subscriber.SubscriberDirectory.Order;

/**
 * Keyset paging under every sort order, on H2 and (in the suite's PostgreSQL run) PostgreSQL: walking the pages
 * returns each subscriber once, in order, with equal names and missing names broken by id.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:subscriber-sorting;DB_CLOSE_DELAY=-1")
@Tag("database")
class SubscriberSortingTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired SubscriberDirectory directory;
    @Autowired SubscriberRepository subscribers;
    @Autowired ListRepository lists;

    String tag;
    SubscriberDirectory.Filter filter;

    @BeforeEach
    void eightSubscribers() {
        tag = "s" + Long.toString(System.nanoTime(), 36);
        String suffix = Long.toString(System.nanoTime(), 36);
        var list = lists.create(new NewsletterList(0, "sort-" + suffix, "List", "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(), AT);
        // added in an order that is neither the address order nor the name order; two "bob"s in different case,
        // two without a name, an apostrophe the cursor must carry back
        String[][] people = {{"d", "bob"}, {"a", null}, {"g", "Carol"}, {"c", "Bob"}, {"f", "ada"}, {"b", "o'neil"},
                {"h", null}, {"e", "Bob"}};
        for (String[] person : people) {
            subscribers.subscribe(list.id(), tag + "-" + person[0] + "@example.com", person[1], null, List.of(),
                    SubscriptionStatus.CONFIRMED, AT);
        }
        filter = new SubscriberDirectory.Filter(tag, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void pagesReturnEverySubscriberOnceInOrder(Order order) {
        List<Entry> all = directory.search(filter, (String) null, 100, order).content();
        assertThat(all).hasSize(8);
        assertThat(all).isSortedAccordingTo(expected(order));
        for (int size : new int[] {1, 2, 3}) {
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            do {
                var page = directory.search(filter, cursor, size, order);
                assertThat(page.content()).hasSizeLessThanOrEqualTo(size);
                page.content().forEach(e -> seen.add(e.id()));
                cursor = page.cursor();
            } while (cursor != null);
            assertThat(seen).as("%s in pages of %d", order, size).containsExactlyElementsOf(all.stream().map(Entry::id).toList());
        }
    }

    @Test
    void namesSortCaseInsensitivelyMissingFirstTiesById() {
        List<String> names = directory.search(filter, (String) null, 100, Order.NAME).content().stream()
                .map(e -> e.name() == null || e.name().isEmpty() ? "-" : e.name()).toList();
        assertThat(names).containsExactly("-", "-", "ada", "bob", "Bob", "Bob", "Carol", "o'neil");
        List<String> emails = directory.search(filter, (String) null, 100, Order.EMAIL_DESC).content().stream()
                .map(e -> e.email().substring(tag.length() + 1, tag.length() + 2)).toList();
        assertThat(emails).containsExactly("h", "g", "f", "e", "d", "c", "b", "a");
    }

    @Test
    void refusesACursorItsOrderDidNotWrite() {
        String emailCursor = directory.search(filter, (String) null, 2, Order.EMAIL).cursor();
        String idCursor = directory.search(filter, (String) null, 2, Order.OLDEST).cursor();
        assertThat(emailCursor).matches("\\d+\\.[A-Za-z0-9_-]+");
        for (String forged : List.of("abc", idCursor, "x.YQ", "12.!!", "12./w", "12.__8")) {
            assertThatThrownBy(() -> directory.search(filter, forged, 2, Order.EMAIL))
                    .as(forged).isInstanceOf(SubscriberDirectory.InvalidCursor.class);
        }
        assertThatThrownBy(() -> directory.search(filter, emailCursor, 2, Order.NEWEST))
                .isInstanceOf(SubscriberDirectory.InvalidCursor.class);
    }

    /** The order the directory promises, written out in Java (the names and addresses here are plain ASCII). */
    private static Comparator<Entry> expected(Order order) {
        Comparator<Entry> byKey = switch (order) {
            case OLDEST, NEWEST -> Comparator.comparingLong(Entry::id);
            case EMAIL, EMAIL_DESC -> Comparator.comparing(Entry::email);
            case NAME, NAME_DESC -> Comparator.comparing(
                    (Entry e) -> e.name() == null ? "" : e.name().toLowerCase(Locale.ROOT));
        };
        Comparator<Entry> full = byKey.thenComparingLong(Entry::id);
        return order.descending() ? full.reversed() : full;
    }
}
