package app.recap.admin.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * Throttles failed sign-ins per client address with a token bucket (Bucket4j): each failure (form login, HTTP
 * Basic, API token) takes a token; a client with none left is answered 429 until tokens come back, one every
 * {@code lockout / maxFailedLogins}. A success refills nothing, or an attacker holding one valid account could
 * keep guessing others. Buckets live in a bounded cache that forgets quiet clients.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);
    private static final int MAX_CLIENTS = 100_000;

    private final Cache<String, Bucket> buckets;
    private final AdminProperties properties;
    private final TimeMeter time;

    LoginThrottle(AdminProperties properties, Clock clock) {
        this.properties = properties;
        this.time = new ClockTimeMeter(clock);
        this.buckets = Caffeine.newBuilder().maximumSize(MAX_CLIENTS).expireAfterAccess(properties.lockout()).build();
    }

    /** How long the client must wait before it may try again, or empty when it may try now. */
    public Optional<Duration> retryAfter(String client) {
        Bucket bucket = buckets.getIfPresent(client);
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Optional.of(Duration.ofNanos(Math.max(nanos, 1_000_000_000L)));
    }

    /** Counts a failed sign-in against the client. */
    public void failed(String client) {
        Bucket bucket = buckets.get(client, key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(properties.maxFailedLogins())
                        .refillGreedy(properties.maxFailedLogins(), properties.lockout()).build())
                .withCustomTimePrecision(time).build());
        bucket.tryConsume(1);
        if (bucket.getAvailableTokens() == 0) {
            log.warn("sign-in throttled client={} after repeated failures", client);
        }
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            failed(details.getRemoteAddress());
        }
    }

    /** Bucket4j's clock from the application's, so tests can move time. */
    private record ClockTimeMeter(Clock clock) implements TimeMeter {

        @Override
        public long currentTimeNanos() {
            return clock.millis() * 1_000_000L;
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
