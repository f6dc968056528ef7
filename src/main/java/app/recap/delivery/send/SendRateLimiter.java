package app.recap.delivery.send;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;

import app.recap.delivery.DeliveryProperties;

/**
 * The send rate across every sending thread of this process (a Bucket4j token bucket). A relay's throttling
 * reply halves the rate for the rest of the send; {@link #reset()} restores the configured rate at the start
 * of the next one.
 */
@Component
public class SendRateLimiter {

    private static final Logger log = LoggerFactory.getLogger(SendRateLimiter.class);
    private static final double MIN_RATE = 0.5;

    private final double configured;
    private final Bucket bucket;
    private volatile double current;

    SendRateLimiter(DeliveryProperties properties) {
        this.configured = properties.ratePerSecond();
        this.current = configured;
        this.bucket = configured > 0 ? Bucket.builder().addLimit(bandwidth(configured)).build() : null;
    }

    /** Waits until one more message may go out. */
    void acquire() throws InterruptedException {
        if (bucket != null) {
            bucket.asBlocking().consume(1);
        }
    }

    /** The relay asked us to slow down. */
    synchronized void slowDown(String reply) {
        if (bucket == null) {
            return;
        }
        double slower = Math.max(MIN_RATE, current / 2);
        if (slower < current) {
            current = slower;
            bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(bandwidth(slower)).build(),
                    TokensInheritanceStrategy.AS_IS);
            log.warn("relay throttles (\"{}\"): send rate lowered to {}/s", reply, String.format(java.util.Locale.ROOT, "%.1f", slower));
        }
    }

    public synchronized void reset() {
        if (bucket != null && current != configured) {
            current = configured;
            bucket.replaceConfiguration(BucketConfiguration.builder().addLimit(bandwidth(configured)).build(),
                    TokensInheritanceStrategy.AS_IS);
        }
    }

    /** One token per 1/rate seconds with a burst of a tenth of a second's worth, so no second exceeds the rate by much. */
    private static io.github.bucket4j.Bandwidth bandwidth(double rate) {
        long burst = Math.max(1, (long) Math.ceil(rate / 10));
        return io.github.bucket4j.Bandwidth.builder().capacity(burst)
                .refillGreedy(1, Duration.ofNanos((long) (1_000_000_000L / rate))).build();
    }
}
