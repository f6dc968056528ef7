package app.recap.preferences;

import java.time.Duration;

import org.springframework.stereotype.Component;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bucket;

/**
 * Sign-up rate limits: a Bucket4j token bucket per client IP and one per address, kept in memory in Caffeine
 * caches that forget a bucket once it has been idle for a whole period (it would be full again by then) and
 * never hold more than {@value #MAX_KEYS} keys, so a flood of addresses cannot exhaust memory. Per node: behind
 * a load balancer the limits apply on each node.
 */
@Component
class SignupLimits {

    private static final long MAX_KEYS = 100_000;

    private final Cache<String, Bucket> byIp;
    private final Cache<String, Bucket> byAddress;
    private final PreferencesProperties.SignupLimit limit;

    SignupLimits(PreferencesProperties properties) {
        this.limit = properties.signupLimit();
        this.byIp = cache(limit.period());
        this.byAddress = cache(limit.period());
    }

    /** Takes one sign-up from the IP's allowance; false when it is used up. */
    boolean tryIp(String ip) {
        return byIp.get(ip, k -> bucket(limit.perIp())).tryConsume(1);
    }

    /** Takes one confirmation email from the address's allowance; false when it is used up. */
    boolean tryAddress(String normalisedEmail) {
        return byAddress.get(normalisedEmail, k -> bucket(limit.perAddress())).tryConsume(1);
    }

    private Bucket bucket(int capacity) {
        return Bucket.builder()
                .addLimit(b -> b.capacity(capacity).refillGreedy(capacity, limit.period()))
                .build();
    }

    private static Cache<String, Bucket> cache(Duration idle) {
        return Caffeine.newBuilder().expireAfterAccess(idle).maximumSize(MAX_KEYS).build();
    }
}
