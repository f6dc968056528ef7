package app.recap.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.sun.net.httpserver.HttpServer;

import app.recap.delivery.EditionSent;
import app.recap.subscriber.ListRepository;
import app.recap.subscriber.NewsletterList;
import app.recap.subscriber.SubscriberRepository;
import app.recap.subscriber.SubscriptionStatus;
import app.recap.support.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outgoing webhooks against a real HTTP receiver on loopback (let through by {@code recap.webhooks.allowed-hosts}):
 * the events other modules publish reach it signed, a 500 is tried again after the back-off, the waits grow by
 * the multiplier on a fixed clock, and the request-forgery guard keeps private and loopback targets out.
 */
@SpringBootTest(properties = {"spring.datasource.url=jdbc:h2:mem:webhooks;DB_CLOSE_DELAY=-1",
        "recap.webhooks.allowed-hosts=127.0.0.1", "recap.webhooks.poll-interval=1h",
        "recap.webhooks.backoff-initial=30s", "recap.webhooks.backoff-multiplier=2",
        "recap.webhooks.backoff-max=2m", "recap.webhooks.max-attempts=5", "recap.delivery.schedule-enabled=false"})
@Tag("database")
class WebhookDeliveryTests {

    static final Instant START = Instant.parse("2026-11-30T09:00:00Z");

    record Received(String event, String delivery, String signature, String body) {
    }

    @Autowired WebhookEndpoints endpoints;
    @Autowired WebhookDispatcher dispatcher;
    @Autowired WebhookOutbox outbox;
    @Autowired SubscriberRepository subscribers;
    @Autowired ListRepository lists;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate transaction;
    @Autowired JdbcClient jdbc;
    @Autowired JsonMapper json;
    @Autowired MutableClock clock;

    HttpServer receiver;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final Queue<Integer> answers = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void receiver() throws IOException {
        clock.set(START);
        jdbc.sql("delete from webhook_delivery").update();
        jdbc.sql("delete from webhook_endpoint").update();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                received.add(new Received(exchange.getRequestHeaders().getFirst("Recap-Event"),
                        exchange.getRequestHeaders().getFirst("Recap-Delivery"),
                        exchange.getRequestHeaders().getFirst("Recap-Signature"),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            Integer status = answers.poll();
            exchange.sendResponseHeaders(status == null ? 204 : status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void anUnsubscribeReachesTheReceiverSignedAndIsTriedAgainAfterA500() throws Exception {
        WebhookEndpoint endpoint = endpoints.add(url(), EnumSet.allOf(WebhookEvent.class));
        NewsletterList list = list();
        long id = subscribers.subscribe(list.id(), "reader-" + System.nanoTime() + "@example.com", "Ada", null,
                List.of(), SubscriptionStatus.CONFIRMED, START);
        answers.add(500);

        subscribers.setStatus(id, list.id(), SubscriptionStatus.UNSUBSCRIBED, START);
        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(received).hasSize(1);
        WebhookDelivery first = outbox.log(endpoint.id(), 10).get(0);
        assertThat(first.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(first.lastStatusCode()).isEqualTo(500);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.nextAttemptAt()).isEqualTo(START.plusSeconds(30));

        clock.advance(Duration.ofSeconds(29));
        assertThat(dispatcher.deliverDue()).as("not due before its back-off").isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(dispatcher.deliverDue()).isEqualTo(1);

        assertThat(received).hasSize(2);
        WebhookDelivery done = outbox.log(endpoint.id(), 10).get(0);
        assertThat(done.status()).isEqualTo(WebhookDeliveryStatus.DELIVERED);
        assertThat(done.lastStatusCode()).isEqualTo(204);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.nextAttemptAt()).isNull();

        Received last = received.get(1);
        assertThat(last.event()).isEqualTo("unsubscribed");
        assertThat(last.delivery()).isEqualTo(received.get(0).delivery()).isEqualTo(done.eventId());
        // the receiver's side of the contract, computed here without Recap's code
        long t = START.plusSeconds(30).getEpochSecond();
        assertThat(last.signature()).isEqualTo("t=" + t + ",v1=" + hmac(endpoint.secret(), t + "." + last.body()));
        assertThat(WebhookSignature.verify(endpoint.secret(), last.signature(), last.body(), t + 10, 300)).isTrue();
        assertThat(WebhookSignature.verify(endpoint.secret(), last.signature(), last.body() + " ", t, 300)).isFalse();
        assertThat(WebhookSignature.verify(endpoint.secret(), last.signature(), last.body(), t + 301, 300)).isFalse();
        assertThat(WebhookSignature.verify("whsec_other", last.signature(), last.body(), t, 300)).isFalse();

        JsonNode payload = json.readTree(last.body());
        assertThat(payload.get("type").asString()).isEqualTo("unsubscribed");
        assertThat(payload.get("id").asString()).isEqualTo(done.eventId());
        assertThat(payload.get("data").get("subscriber").get("id").asLong()).isEqualTo(id);
        assertThat(payload.get("data").get("subscriber").get("name").asString()).isEqualTo("Ada");
        assertThat(payload.get("data").get("list").get("slug").asString()).isEqualTo(list.slug());
    }

    @Test
    void waitsGrowByTheMultiplierUpToTheMaximumAndTheLastAttemptGivesUp() {
        WebhookEndpoint endpoint = endpoints.add(url(), List.of(WebhookEvent.EDITION_SENT));
        for (int i = 0; i < 5; i++) {
            answers.add(503);
        }
        events.publishEvent(new EditionSent(7, 1, "weekly", "2026-W48", 10, 1, 0, START));

        List<Duration> waits = new java.util.ArrayList<>();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(dispatcher.deliverDue()).isEqualTo(1);
            WebhookDelivery d = outbox.log(endpoint.id(), 1).get(0);
            assertThat(d.attempts()).isEqualTo(attempt);
            if (d.nextAttemptAt() == null) {
                break;
            }
            waits.add(Duration.between(clock.instant(), d.nextAttemptAt()));
            clock.set(d.nextAttemptAt());
        }

        assertThat(waits).containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
                Duration.ofSeconds(120));
        WebhookDelivery given = outbox.log(endpoint.id(), 1).get(0);
        assertThat(given.status()).isEqualTo(WebhookDeliveryStatus.FAILED);
        assertThat(given.lastStatusCode()).isEqualTo(503);
        clock.advance(Duration.ofDays(1));
        assertThat(dispatcher.deliverDue()).isZero();
        assertThat(received).hasSize(5).allSatisfy(r -> assertThat(r.event()).isEqualTo("edition.sent"));
    }

    @Test
    void onlyEndpointsThatChoseAnEventGetIt() {
        WebhookEndpoint sent = endpoints.add(url(), List.of(WebhookEvent.EDITION_SENT));
        WebhookEndpoint confirmed = endpoints.add(url(), List.of(WebhookEvent.CONFIRMED));

        events.publishEvent(new EditionSent(8, 1, "weekly", "2026-W49", 3, 0, 0, START));
        dispatcher.deliverDue();

        assertThat(outbox.log(sent.id(), 10)).hasSize(1);
        assertThat(outbox.log(confirmed.id(), 10)).isEmpty();
        assertThat(received).hasSize(1);
    }

    @Test
    void anEventOfWorkThatRolledBackIsNeverSent() {
        WebhookEndpoint endpoint = endpoints.add(url(), List.of(WebhookEvent.EDITION_SENT));

        transaction.executeWithoutResult(tx -> {
            events.publishEvent(new EditionSent(9, 1, "weekly", "2026-W50", 3, 0, 0, START));
            tx.setRollbackOnly();
        });

        assertThat(outbox.log(endpoint.id(), 10)).isEmpty();
        assertThat(dispatcher.deliverDue()).isZero();
    }

    @Test
    void theGuardRefusesPrivateLoopbackAndMetadataTargets() {
        assertThatThrownBy(() -> endpoints.add("http://10.1.2.3/hook", List.of(WebhookEvent.CONFIRMED)))
                .isInstanceOf(WebhookEndpoints.InvalidEndpoint.class).hasMessageContaining("private-network");
        assertThatThrownBy(() -> endpoints.add("http://localhost:8080/hook", List.of(WebhookEvent.CONFIRMED)))
                .isInstanceOf(WebhookEndpoints.InvalidEndpoint.class).hasMessageContaining("loopback");
        assertThatThrownBy(() -> endpoints.add("http://169.254.169.254/latest", List.of(WebhookEvent.CONFIRMED)))
                .isInstanceOf(WebhookEndpoints.InvalidEndpoint.class).hasMessageContaining("link-local");
        assertThatThrownBy(() -> endpoints.add("ftp://example.com/hook", List.of(WebhookEvent.CONFIRMED)))
                .isInstanceOf(WebhookEndpoints.InvalidEndpoint.class);
        assertThat(endpoints.all()).isEmpty();
    }

    @Test
    void aTargetThatTurnsPrivateAfterRegistrationIsNotContacted() {
        WebhookEndpoint endpoint = endpoints.add(url(), List.of(WebhookEvent.EDITION_SENT));
        // as if its DNS now answered with a private address: the guard runs again before every attempt
        jdbc.sql("update webhook_endpoint set url = ? where id = ?").params("http://192.168.1.20/hook", endpoint.id())
                .update();
        events.publishEvent(new EditionSent(10, 1, "weekly", "2026-W51", 3, 0, 0, START));

        dispatcher.deliverDue();

        WebhookDelivery d = outbox.log(endpoint.id(), 1).get(0);
        assertThat(d.status()).isEqualTo(WebhookDeliveryStatus.PENDING);
        assertThat(d.lastStatusCode()).isNull();
        assertThat(d.lastError()).contains("private-network");
        assertThat(received).isEmpty();
    }

    private NewsletterList list() {
        String slug = "hooks-" + Long.toString(System.nanoTime(), 36);
        return lists.create(new NewsletterList(0, slug, "List " + slug, "Recap", "digest@recap.example", null,
                "1 Test Street", DayOfWeek.MONDAY, LocalTime.of(8, 0), ZoneId.of("UTC"), Locale.ENGLISH, true, false),
                List.of(), START);
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {

        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }
}
