package app.recap.preferences;

import java.time.Clock;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

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

    @Scheduled(fixedDelayString = "${recap.preferences.purge-interval}",
            initialDelayString = "${recap.preferences.purge-interval}")
    void purgeExpiredSignups() {
        data.purgeUnconfirmed(clock.instant());
    }
}
