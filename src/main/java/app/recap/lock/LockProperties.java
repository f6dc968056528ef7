package app.recap.lock;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the cluster-wide locks ({@code recap.locks.*}).
 *
 * @param lease how long a lock outlives the node holding it: a live holder renews it every half lease, so this
 *              is how long a node that died mid-run keeps the others waiting
 */
@ConfigurationProperties("recap.locks")
record LockProperties(Duration lease) {

    public LockProperties {
        lease = lease == null ? Duration.ofMinutes(2) : lease;
    }
}
