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
 * Throttles failed sign-ins per account and client address together with a token bucket (Bucket4j): each failure
 * (form login, HTTP Basic, API token) takes a token from the bucket of the account it named at that address; when
 * none is left, sign-ins to that account from that address are answered 429 until tokens come back, one every
 * {@code lockout / maxFailedLogins}. Keyed by both, so someone else at the admin's address (a shared NAT) failing
 * with other accounts, or a stranger elsewhere guessing the admin's password, does not lock the admin out. A
 * success refills nothing, or an attacker holding one valid account could keep guessing others. Wrong API tokens
 * name no account: they share one bucket per address. Buckets live in a bounded cache that forgets quiet ones.
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

    /** What a wrong API token counts against, since it names no account. */
    public static final String API_TOKEN = "(api token)";

    /**
     * How long sign-ins to the account from the client address must wait before they may try again, or empty when
     * they may try now.
     */
    public Optional<Duration> retryAfter(String account, String client) {
        Bucket bucket = buckets.getIfPresent(key(account, client));
        if (bucket == null || bucket.getAvailableTokens() > 0) {
            return Optional.empty();
        }
        long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
        return Optional.of(Duration.ofNanos(Math.max(nanos, 1_000_000_000L)));
    }

    /** Counts a failed sign-in to the account (as typed) from the client address. */
    public void failed(String account, String client) {
        Bucket bucket = buckets.get(key(account, client), key -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(properties.maxFailedLogins())
                        .refillGreedy(properties.maxFailedLogins(), properties.lockout()).build())
                .withCustomTimePrecision(time).build());
        bucket.tryConsume(1);
        if (bucket.getAvailableTokens() == 0) {
            log.warn("sign-in throttled account={} client={} after repeated failures", AdminAccounts.normalise(account),
                    client);
        }
    }

    private static String key(String account, String client) {
        return AdminAccounts.normalise(account) + " " + client;
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        if (event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null) {
            failed(event.getAuthentication().getName(), details.getRemoteAddress());
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
