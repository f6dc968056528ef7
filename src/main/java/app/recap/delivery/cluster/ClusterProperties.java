package app.recap.delivery.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the send step spreads over machines ({@code recap.cluster.*}). Kept apart from {@code recap.delivery.*}
 * because operators set these per node (one manager, many workers) while the delivery settings are per install.
 *
 * @param mode             {@code local}: partitions run on this JVM's threads, no broker; {@code manager}: the
 *                         send step sends each partition to the broker and waits for workers to finish it;
 *                         {@code worker}: this JVM takes partitions from the broker and sends them
 * @param brokerUrl        ActiveMQ Artemis URL, e.g. {@code tcp://broker:61616?consumerWindowSize=0}
 * @param brokerUser       broker user, empty for none
 * @param brokerPassword   broker password
 * @param queue            the queue carrying partition requests
 * @param timeout          how long the manager waits for all partitions before failing the step (a dead worker
 *                         shows up here; restarting the job re-sends only unfinished partitions)
 * @param pollInterval     how often the manager reads the job repository for finished partitions
 * @param concurrency      partitions one worker sends at once
 */
@ConfigurationProperties("recap.cluster")
public record ClusterProperties(Mode mode, String brokerUrl, String brokerUser, String brokerPassword, String queue,
        Duration timeout, Duration pollInterval, int concurrency) {

    public enum Mode {
        LOCAL, MANAGER, WORKER
    }
}
