package app.recap.delivery.send;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import app.recap.delivery.DeliveryStatus;

/** Micrometer counters of the send path: {@code recap.deliveries{outcome}}, retries, SMTP connections opened. */
@Component
public class DeliveryMetrics {

    private final Counter sent;
    private final Counter failed;
    private final Counter skipped;
    private final Counter deferred;
    private final Counter retried;
    private final Counter connections;

    DeliveryMetrics(MeterRegistry registry) {
        sent = Counter.builder("recap.deliveries").tag("outcome", "sent").register(registry);
        failed = Counter.builder("recap.deliveries").tag("outcome", "failed").register(registry);
        skipped = Counter.builder("recap.deliveries").tag("outcome", "skipped").register(registry);
        deferred = Counter.builder("recap.deliveries").tag("outcome", "deferred").register(registry);
        retried = Counter.builder("recap.deliveries.retries").register(registry);
        connections = Counter.builder("recap.smtp.connections").description("SMTP connections opened").register(registry);
    }

    void outcome(DeliveryStatus status) {
        switch (status) {
            case SENT -> sent.increment();
            case FAILED -> failed.increment();
            case SKIPPED -> skipped.increment();
            case PENDING -> deferred.increment();
        }
    }

    void retried() {
        retried.increment();
    }

    void connectionOpened() {
        connections.increment();
    }

    public double connectionsOpened() {
        return connections.count();
    }
}
