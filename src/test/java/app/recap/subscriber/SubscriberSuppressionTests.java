package app.recap.subscriber;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * What the mail system's word does to a subscriber, through the subscriber module's own API (the sender and a
 * bounce-processing module use nothing else): hard bounces counted to the limit, suppression after a bounce, a
 * complaint ending the subscription and suppressing the address.
 */
@SpringBootTest(properties = "spring.datasource.url=jdbc:h2:mem:subscriber-admin;DB_CLOSE_DELAY=-1")
@Tag("database")
class SubscriberSuppressionTests {

    static final Instant AT = Instant.parse("2026-11-02T00:00:00Z");

    @Autowired SubscriberSuppression suppression;
    @Autowired SubscriberRepository subscribers;
    @Autowired Suppressions suppressions;
    @Autowired ListRepository lists;

    NewsletterList list;
    NewsletterList other;

    @BeforeEach
    void lists() {
        String suffix = Long.toString(System.nanoTime(), 36);
        list = lists.create(list("bounce-" + suffix), List.of(), AT);
        other = lists.create(list("bounce-other-" + suffix), List.of(), AT);
    }

    private static NewsletterList list(String slug) {
        return new NewsletterList(0, slug, "List " + slug, "Recap", "digest@recap.example", null, "1 Test Street",
                DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false);
    }

    private long subscriber(String tag) {
        String email = tag + "-" + System.nanoTime() + "@example.com";
        long id = subscribers.subscribe(list.id(), email, "Name", null, List.of(), SubscriptionStatus.CONFIRMED, AT);
        subscribers.subscribe(other.id(), email, "Name", null, List.of(), SubscriptionStatus.CONFIRMED, AT);
        return id;
    }

    @Test
    void hardBouncesBlocklistASubscriberAtTheLimitAndNotBefore() {
        long id = subscriber("hard");

        assertThat(suppression.recordHardBounce(id, "550 5.1.1 no such user", 2)).isTrue();
        assertThat(subscribers.findById(id).orElseThrow().status()).isEqualTo(SubscriberStatus.ENABLED);
        assertThat(subscribers.countActive(list.id())).isEqualTo(1);

        suppression.recordHardBounce(id, "550 5.1.1 no such user", 2);

        assertThat(subscribers.findById(id).orElseThrow().status()).isEqualTo(SubscriberStatus.BLOCKLISTED);
        assertThat(subscribers.countActive(list.id())).isZero();
        assertThat(suppression.recordHardBounce(Long.MAX_VALUE, "550", 2)).isFalse();
    }

    @Test
    void aBounceSuppressesTheSubscriberAndKeepsItsSubscriptions() {
        long id = subscriber("soft");

        assertThat(suppression.suppressAfterBounce(id, "452 4.2.2 mailbox full, for the fifth week")).isTrue();

        assertThat(subscribers.findById(id).orElseThrow().status()).isEqualTo(SubscriberStatus.BLOCKLISTED);
        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.countActive(list.id())).isZero();
    }

    @Test
    void aComplaintUnsubscribesFromThatListAndSuppressesTheAddress() {
        long id = subscriber("complaint");
        String email = subscribers.findById(id).orElseThrow().email();

        assertThat(suppression.unsubscribeAfterComplaint(id, list.id(), "marked as spam", "bounces", AT)).isTrue();

        assertThat(subscribers.statusOf(id, list.id())).contains(SubscriptionStatus.UNSUBSCRIBED);
        assertThat(subscribers.statusOf(id, other.id())).contains(SubscriptionStatus.CONFIRMED);
        assertThat(subscribers.findById(id).orElseThrow().status()).isEqualTo(SubscriberStatus.BLOCKLISTED);
        assertThat(suppressions.find(email)).hasValueSatisfying(s -> {
            assertThat(s.reason()).isEqualTo("marked as spam");
            assertThat(s.createdBy()).isEqualTo("bounces");
        });
        assertThat(subscribers.countActive(other.id())).isZero();
    }
}
