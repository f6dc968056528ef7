package app.recap.preferences;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** Purges expired unconfirmed sign-ups every {@code recap.preferences.purge-interval}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PreferencesConfiguration {

    private final SubscriberData data;
    private final Clock clock;

    PreferencesConfiguration(SubscriberData data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    /**
     * The one thread sign-ups are worked off on: sign-ups are rare, and one at a time no two requests for an
     * address can race. Up to 10,000 wait; on shutdown the queue gets 10 seconds to drain.
     */
    @Bean
    ThreadPoolTaskExecutor signupThreads(ThreadPoolTaskExecutorBuilder builder) {
        return builder.threadNamePrefix("signup-").corePoolSize(1).maxPoolSize(1).queueCapacity(10_000)
                .awaitTermination(true).awaitTerminationPeriod(Duration.ofSeconds(10)).build();
    }

    @Scheduled(fixedDelayString = "${recap.preferences.purge-interval}",
            initialDelayString = "${recap.preferences.purge-interval}")
    void purgeExpiredSignups() {
        data.purgeUnconfirmed(clock.instant());
    }
}
